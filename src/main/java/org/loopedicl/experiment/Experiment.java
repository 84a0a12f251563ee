package org.loopedicl.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.io.ConfigTree;
import org.loopedicl.io.InvalidInputException;

/**
 * One experiment of the paper at a scale that fits (experiments/NAME.yaml): the training runs it
 * compares (configs/cpu/RUN.yaml each; a run's name is also its method name in results.json),
 * how to evaluate them ({@code eval}: the options of {@code looped eval}, snake case), the k shown
 * in its summary table ({@code table_k}), and the claims decided on the evaluation.
 */
public record Experiment(String name, String description, List<String> runs, EvalOptions eval, List<Integer> tableK,
                         List<Claim> claims) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's content: everything but the name, which is the file's stem. */
    private record Definition(String description, List<String> runs, EvalOptions eval, List<Integer> tableK, List<Claim> claims) {}

    public static Experiment load(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Definition d;
        try {
            // Parsed first, bound second: a syntax error and a wrong field are told apart.
            JsonNode tree;
            try {
                tree = YAML.readTree(Files.readString(file));
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(file + ": " + ConfigTree.syntaxError(e));
            }
            d = YAML.treeToValue(tree, Definition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": " + problem(e));
        } catch (IOException e) {
            throw InvalidInputException.io(file, "read", e);
        }
        if (d == null || d.runs() == null || d.runs().isEmpty())
            throw new InvalidInputException(file + ": 'runs' is missing; expected a list of configs/cpu run names");
        return new Experiment(name, d.description() == null ? "" : d.description(), d.runs(),
                d.eval() == null ? EvalOptions.DEFAULTS : d.eval(),
                d.tableK() == null ? List.of() : d.tableK(), d.claims() == null ? List.of() : d.claims());
    }

    private static String problem(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m)) return firstLine(e.getOriginalMessage());
        String at = m.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (e instanceof UnrecognizedPropertyException u)
            return "unknown key '" + at + "'; expected one of " + u.getKnownPropertyIds();
        if (e instanceof InvalidTypeIdException t)
            return at + ": unknown claim kind '" + t.getTypeId()
                    + "'; expected below, within_factor, follows, lower, loop_stable or loop_drift";
        if (e instanceof ValueInstantiationException v && v.getCause() != null)
            return at + ": " + v.getCause().getMessage();
        return at + ": " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
