package org.loopedicl.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.NamedArray;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.nn.Parameter;

/**
 * A full training state in one safetensors file, so that one atomic rename makes it current:
 * the weights under their reference names (any weights reader can use the file), Adam's moments
 * under {@code optimizer.m.<name>} / {@code optimizer.v.<name>}, and in the metadata the
 * model's architecture, the training metadata and the trainer's own state (step, curriculum).
 */
public final class Checkpoint {
    static final String ADAM_STEP = "adam_step";

    private Checkpoint() {}

    public static void write(Path path, TransformerModel model, Adam adam, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(ADAM_STEP, Integer.toString(adam.stepCount()));
        SafetensorsFile f = ModelFile.toSafetensors(model, meta);
        adam.forEachMoment((p, m, v) -> {
            f.put(new NamedArray(ModelFile.STATE_PREFIX + "m." + p.name(), p.shape(), m.clone()));
            f.put(new NamedArray(ModelFile.STATE_PREFIX + "v." + p.name(), p.shape(), v.clone()));
        });
        f.write(path);
    }

    /**
     * Loads the weights and Adam's state into {@code model} and {@code adam} (built from the
     * run's config) and returns the file's metadata. A checkpoint of another architecture or
     * without optimiser state is refused with one line.
     */
    public static Map<String, String> restore(Path path, TransformerModel model, Adam adam) {
        SafetensorsFile f = SafetensorsFile.read(path);
        TransformerModel saved = ModelFile.from(f, path).model();
        if (!saved.config().equals(model.config()))
            throw new InvalidInputException(path + ": checkpoint is of model " + saved.config().toMetadata()
                    + ", the config asks for " + model.config().toMetadata());
        for (Parameter p : model.parameters().all())
            System.arraycopy(saved.parameter(p.name()).data, 0, p.data, 0, p.size());
        adam.forEachMoment((p, m, v) -> {
            System.arraycopy(f.tensor(ModelFile.STATE_PREFIX + "m." + p.name(), p.shape()).data(), 0, m, 0, m.length);
            System.arraycopy(f.tensor(ModelFile.STATE_PREFIX + "v." + p.name(), p.shape()).data(), 0, v, 0, v.length);
        });
        adam.restoreStepCount(f.metaInt(ADAM_STEP));
        return f.metadata();
    }
}
