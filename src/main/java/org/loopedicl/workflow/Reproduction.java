package org.loopedicl.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.loopedicl.eval.Results;
import org.loopedicl.experiment.Experiment;
import org.loopedicl.experiment.Verdict;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.report.MarkdownSummary;

/**
 * One experiment's evaluation and verdict: its trained runs evaluated together as the experiment
 * says, its tables written to summary.md and its claims decided into claims.json.
 */
public final class Reproduction {
    public static final String CLAIMS_FILE = "claims.json";

    private Reproduction() {}

    /**
     * What a reproduction wrote: the evaluation, the Markdown tables and one verdict per claim.
     */
    public record Outcome(EvalOutcome evaluation, String summary, List<Verdict> verdicts) {}

    /**
     * @param runs the experiment's runs, trained, in its order (their directory names are the
     *             method names the claims use)
     */
    public static Outcome run(Experiment e, List<Path> runs, Path out, Consumer<String> log) {
        EvalOutcome evaluation = EvalWorkflow.run(new EvalRequest(runs, e.eval(), out), log);
        Results results = evaluation.results();
        String summary = MarkdownSummary.of(results, e.tableK());
        if (!evaluation.ood().isEmpty())
            summary += "\n" + MarkdownSummary.ood(evaluation.ood(), ((Number) results.settings().get("dims")).intValue());
        List<Verdict> verdicts = e.claims().stream().map(c -> c.check(results)).toList();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("experiment", e.name());
        claims.put("verdicts", verdicts);
        try {
            Files.writeString(out.resolve(MarkdownSummary.FILE_NAME), summary);
            Files.writeString(out.resolve(CLAIMS_FILE),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(claims) + "\n");
        } catch (IOException ex) {
            throw InvalidInputException.io(out, "write the summary and claims", ex);
        }
        return new Outcome(evaluation, summary, verdicts);
    }
}
