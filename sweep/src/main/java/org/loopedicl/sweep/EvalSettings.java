package org.loopedicl.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;

/**
 * A sweep's {@code eval} section as evaluation options named in snake case: either the flags of
 * {@code looped eval} as a list ({@code [--prompts, "1280", --baselines, least_squares]}) or a
 * map ({@code {prompts: 1280, baselines: [least_squares]}}). Comma lists in the flag form become
 * lists for the options that take several values.
 */
public record EvalSettings(Map<String, Object> options) implements Serializable {
    private static final List<String> LISTS = List.of("ood", "baselines", "tolerances");

    public EvalSettings {
        options = new LinkedHashMap<>(options); // serializable and in the file's order
    }

    static EvalSettings of(Path file, Object section) {
        if (section == null) return new EvalSettings(Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        if (section instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(k.toString(), v));
        } else if (section instanceof List<?> flags) {
            for (int i = 0; i < flags.size(); i += 2) {
                String flag = String.valueOf(flags.get(i));
                if (!flag.startsWith("--") || i + 1 >= flags.size())
                    throw new InvalidInputException(file + ": 'eval': expected --option value pairs, got '" + flag + "'"
                            + (i + 1 >= flags.size() ? " without a value" : ""));
                String name = flag.substring(2).replace('-', '_');
                String value = String.valueOf(flags.get(i + 1));
                out.put(name, LISTS.contains(name) ? Arrays.stream(value.split(",")).map(String::trim).toList() : value);
            }
        } else {
            throw new InvalidInputException(file + ": 'eval' is '" + section + "', expected a list of eval options or a map");
        }
        return new EvalSettings(out);
    }
}
