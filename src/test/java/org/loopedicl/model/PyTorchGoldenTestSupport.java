package org.loopedicl.model;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.nn.Parameter;

/** Reads the PyTorch golden fixtures of src/test/resources/fixtures for tests in any package. */
public final class PyTorchGoldenTestSupport {
    private PyTorchGoldenTestSupport() {}

    public static SafetensorsFile fixture(String name) {
        try {
            return SafetensorsFile.read(Path.of(PyTorchGoldenTestSupport.class.getResource("/fixtures/" + name + ".safetensors").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's model with its initial parameters. */
    public static TransformerModel model(SafetensorsFile f) {
        TransformerModel m = TransformerModel.empty(ModelConfig.fromMetadata(f.metadata()));
        for (Parameter p : m.parameters().all()) {
            float[] src = f.tensor("param." + p.name(), p.shape()).data();
            System.arraycopy(src, 0, p.data, 0, src.length);
        }
        return m;
    }
}
