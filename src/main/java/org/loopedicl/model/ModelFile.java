package org.loopedicl.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.NamedArray;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.nn.Parameter;

/**
 * A model's weights as safetensors: every parameter under its reference name (docs/DESIGN.md §6) and the
 * architecture in {@code __metadata__} ({@link ModelConfig#KEYS}), beside any other metadata
 * (task, training loops, …) its writer adds.
 */
public final class ModelFile {
    private final TransformerModel model;
    private final Map<String, String> metadata;

    private ModelFile(TransformerModel model, Map<String, String> metadata) {
        this.model = model;
        this.metadata = metadata;
    }

    public TransformerModel model() {
        return model;
    }

    /** All metadata of the file, the architecture keys included. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensors under this prefix carry training state (checkpoints); a model loader skips them. */
    public static final String STATE_PREFIX = "optimizer.";

    /** Writes the weights atomically; {@code extra} metadata goes after the architecture keys. */
    public static void save(Path path, TransformerModel model, Map<String, String> extra) {
        toSafetensors(model, extra).write(path);
    }

    /** The weights and metadata as a safetensors file, for writers that add more (checkpoints). */
    public static SafetensorsFile toSafetensors(TransformerModel model, Map<String, String> extra) {
        SafetensorsFile f = new SafetensorsFile();
        Map<String, String> arch = model.config().toMetadata();
        arch.forEach(f::putMeta);
        extra.forEach((k, v) -> {
            if (!arch.containsKey(k)) f.putMeta(k, v);
        });
        for (Parameter p : model.parameters().all()) f.put(new NamedArray(p.name(), p.shape(), p.data.clone()));
        return f;
    }

    /**
     * Reads a weights file. Refused with one line naming the file and the problem: missing or bad
     * architecture metadata, a missing, extra or mis-shaped tensor, a non-finite value.
     */
    public static ModelFile load(Path path) {
        return from(SafetensorsFile.read(path), path);
    }

    /** The model in an already read file (a checkpoint reader reads once and takes both parts). */
    public static ModelFile from(SafetensorsFile f, Path path) {
        ModelConfig cfg;
        try {
            cfg = ModelConfig.fromMetadata(f.metadata());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(path + ": " + e.getMessage());
        }
        ModelSize.checkModel(cfg, ModelSize.FLOATS_PER_PARAMETER, (field, problem) -> new InvalidInputException(
                path + ": metadata '" + field + "' " + problem));
        TransformerModel m = TransformerModel.empty(cfg);
        for (Parameter p : m.parameters().all()) {
            NamedArray t = f.tensor(p.name(), p.shape());
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                if (!Float.isFinite(d[i]))
                    throw new InvalidInputException(path + ": tensor '" + p.name() + "' holds " + d[i]
                            + " at index " + i + ", expected finite values");
            }
            System.arraycopy(d, 0, p.data, 0, d.length);
        }
        for (NamedArray t : f.tensors().values()) {
            if (m.parameters().get(t.name()) == null && !isCausalMaskBuffer(t) && !t.name().startsWith(STATE_PREFIX))
                throw new InvalidInputException(path + ": tensor '" + t.name() + "' " + Arrays.toString(t.shape())
                        + " is not a parameter of a " + cfg.family().key() + " model with n_layer " + cfg.nLayer());
        }
        return new ModelFile(m, new LinkedHashMap<>(f.metadata()));
    }

    /** PyTorch < 2.0 checkpoints carry the attention mask as a buffer; it is not a parameter. */
    private static boolean isCausalMaskBuffer(NamedArray t) {
        return t.name().matches("_backbone\\.transformer\\.h\\.\\d+\\.attn\\.(bias|masked_bias)");
    }
}
