package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.DataTable;
import org.loopedicl.io.InvalidInputException;

/** Real tables made here, as CSV and ARFF: reading, the rules for odd columns, and the prompts drawn from them. */
class TablePromptsTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** 30 rows: y = 2·a − b + 1, a categorical column, one row missing b. */
    private String csv() {
        StringBuilder s = new StringBuilder("a,b,colour,y\n");
        for (int r = 0; r < 30; r++) {
            double a = r % 7, b = (r * 3) % 5;
            s.append(a).append(',').append(r == 4 ? "?" : Double.toString(b)).append(',').append(r % 2 == 0 ? "red" : "blue")
                    .append(',').append(2 * a - b + 1).append('\n');
        }
        return s.toString();
    }

    @Test
    void aCsvBecomesStandardisedPromptsOfDistinctRows() throws IOException {
        DataTable t = DataTable.read(write("t.csv", csv()));
        assertEquals(List.of("a", "b", "colour", "y"), t.names());
        assertTrue(t.categorical(2));
        TablePrompts p = TablePrompts.of(t, "y", 5, 40, 10, 0);
        assertEquals(List.of("colour"), p.notes().get("data_columns_left_out"));
        assertEquals(29, p.notes().get("data_rows_used"));
        assertEquals(2, p.prompts().dims(), "two features, padded by the model to n_dims");
        // Every prompt's rows are distinct (as (x, y) triples), and y stays the same linear function of x after standardising.
        for (int b = 0; b < 40; b++) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                int o = b * 10 + i;
                seen.add(p.prompts().xs()[2 * o] + "," + p.prompts().xs()[2 * o + 1] + "," + p.prompts().ys()[o]);
            }
            assertEquals(10, seen.size());
        }
        double mean = 0;
        for (float v : p.prompts().ys()) mean += v;
        assertEquals(0, mean / p.prompts().ys().length, 0.3);
    }

    @Test
    void moreFeaturesThanTheModelTakesAreProjectedOnPrincipalComponents() throws IOException {
        StringBuilder s = new StringBuilder("@relation r\n% a comment\n@attribute 'f 1' numeric\n@attribute f2 real\n@attribute f3 integer\n"
                + "@attribute kind {x,y}\n@attribute target numeric\n@data\n");
        for (int r = 0; r < 25; r++) s.append(r).append(',').append(2 * r + (r % 3)).append(',').append(r % 4).append(",x,").append(r * 0.5).append('\n');
        DataTable t = DataTable.read(write("t.arff", s.toString()));
        assertEquals(List.of("f 1", "f2", "f3", "kind", "target"), t.names());
        TablePrompts p = TablePrompts.of(t, "target", 2, 5, 8, 1);
        assertEquals(2, p.prompts().dims());
        assertEquals("first 2 principal components of 3 features", p.notes().get("data_mapping"));
        for (float v : p.prompts().xs()) assertFalse(Float.isNaN(v));
    }

    private String error(String name, String text, String target, int points) throws IOException {
        Path p = write(name, text);
        String m = assertThrows(InvalidInputException.class, () -> TablePrompts.of(DataTable.read(p), target, 5, 4, points, 0)).getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(p.toString()), m);
        return m;
    }

    @Test
    void badTablesAreOneLineNamingTheFileAndTheProblem() throws IOException {
        assertTrue(error("a.csv", csv(), "colour", 5).endsWith("target column 'colour' is not numeric (it holds 'red')"));
        assertTrue(error("b.csv", csv(), "why", 5).contains("unknown target column 'why'; did you mean 'y'?"));
        assertTrue(error("c.csv", csv(), "y", 40).endsWith("29 complete rows (of 30, the others miss a value), fewer than the 40 points a prompt needs"));
        assertTrue(error("d.csv", "a,b\n1,2\n3\n", "a", 1).contains("has 1 values, the header names 2 columns"));
        assertTrue(error("e.arff", "@relation r\n@attribute a numeric\n1\n", "a", 1).contains("expected @relation, @attribute or @data"));
        assertTrue(error("f.arff", "@relation r\n@attribute a numeric\n", "a", 1).endsWith("bad header: no @data line"));
        assertTrue(error("g.arff", "@relation r\n@attribute a numeric\n@attribute b {p,q}\n@data\n1,p\n", "b", 1)
                .endsWith("target column 'b' is not numeric (declared categorical in the header)"));
        assertTrue(error("h.txt", "a\n1\n", "a", 1).endsWith("expected a .csv or .arff table"));
    }
}
