package org.loopedicl.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A table of real data read from CSV or ARFF (docs/evaluation.md, real data): column names and,
 * per cell, a number or NaN for a missing value. A column is categorical when its file says so
 * (an ARFF nominal, string or date attribute) or, in a CSV, when one of its values is not a
 * number; its cells are NaN and {@code firstText} keeps the first such value to name in errors
 * ("" for a column the header declares categorical), null for a numeric column.
 * Missing values are empty cells, {@code ?}, {@code NA} and {@code NaN}.
 *
 * <p>CSV goes through Apache Commons CSV (RFC 4180 quoting; the first record is the header). ARFF
 * has no maintained reader on Maven Central short of Weka, a whole ML workbench under the GPL, so
 * its header (@relation, @attribute, @data, % comments) is parsed here and its dense data lines by
 * Commons CSV with ARFF's single quotes; sparse ARFF ({…} rows) is refused.
 */
public record DataTable(Path file, List<String> names, double[][] rows, String[] firstText) {

    public boolean categorical(int column) {
        return firstText[column] != null;
    }

    /** Reads a .csv or .arff file; anything malformed is one line naming the file and the problem. */
    public static DataTable read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".arff")) return arff(file);
            if (name.endsWith(".csv")) return csv(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
        throw new InvalidInputException(file + ": expected a .csv or .arff table");
    }

    private static DataTable csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build().parse(r)) {
            List<String> names = p.getHeaderNames();
            if (names.isEmpty()) throw new InvalidInputException(file + ": no header line (the first line names the columns)");
            for (String n : names)
                if (n.isBlank()) throw new InvalidInputException(file + ": the header has an empty column name");
            return cells(file, names, p.getRecords(), new boolean[names.size()], 2);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": bad header: " + e.getMessage());
        }
    }

    private static DataTable arff(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        List<Boolean> nominal = new ArrayList<>();
        int i = 0;
        boolean data = false;
        for (; i < lines.size() && !data; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("%")) continue;
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("@relation")) continue;
            if (lower.startsWith("@data")) {
                data = true;
            } else if (lower.startsWith("@attribute")) {
                String rest = line.substring("@attribute".length()).strip();
                int end;
                String attr;
                if (rest.startsWith("'") || rest.startsWith("\"")) {
                    end = rest.indexOf(rest.charAt(0), 1);
                    if (end < 0) throw new InvalidInputException(file + ": line " + (i + 1) + ": unterminated attribute name");
                    attr = rest.substring(1, end);
                    end++;
                } else {
                    end = 0;
                    while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) end++;
                    attr = rest.substring(0, end);
                }
                String type = rest.substring(end).strip().toLowerCase(Locale.ROOT);
                if (attr.isEmpty() || type.isEmpty())
                    throw new InvalidInputException(file + ": line " + (i + 1) + ": expected '@attribute NAME TYPE', got '" + line + "'");
                names.add(attr);
                nominal.add(!(type.equals("numeric") || type.equals("real") || type.equals("integer")));
            } else {
                throw new InvalidInputException(file + ": line " + (i + 1) + ": expected @relation, @attribute or @data in the header, got '" + line + "'");
            }
        }
        if (!data) throw new InvalidInputException(file + ": bad header: no @data line");
        if (names.isEmpty()) throw new InvalidInputException(file + ": bad header: no @attribute");
        int first = i;
        StringBuilder body = new StringBuilder();
        for (int j = first; j < lines.size(); j++) {
            String line = lines.get(j).strip();
            if (line.startsWith("{")) throw new InvalidInputException(file + ": line " + (j + 1) + ": sparse ARFF rows are not supported");
            // Keep line numbers: comments become empty lines, which the parser skips.
            body.append(line.startsWith("%") ? "" : line).append('\n');
        }
        boolean[] nom = new boolean[names.size()];
        for (int c = 0; c < nom.length; c++) nom[c] = nominal.get(c);
        try (CSVParser p = CSVFormat.DEFAULT.builder().setQuote('\'').setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build()
                .parse(new java.io.StringReader(body.toString()))) {
            return cells(file, names, p.getRecords(), nom, first + 1);
        }
    }

    private static DataTable cells(Path file, List<String> names, List<CSVRecord> records, boolean[] nominal, int firstLine) {
        int cols = names.size();
        double[][] rows = new double[records.size()][cols];
        String[] text = new String[cols];
        for (int c = 0; c < cols; c++) if (nominal[c]) text[c] = ""; // declared categorical: no value to quote
        for (int r = 0; r < records.size(); r++) {
            CSVRecord rec = records.get(r);
            if (rec.size() != cols)
                throw new InvalidInputException(file + ": line " + (firstLine + rec.getRecordNumber() - 1) + " has " + rec.size()
                        + " values, the header names " + cols + " columns");
            for (int c = 0; c < cols; c++) {
                String v = rec.get(c).strip();
                rows[r][c] = Double.NaN;
                if (nominal[c] || missing(v)) continue;
                try {
                    rows[r][c] = Double.parseDouble(v);
                    if (Double.isInfinite(rows[r][c])) rows[r][c] = Double.NaN;
                } catch (NumberFormatException e) {
                    if (text[c] == null) text[c] = v;
                }
            }
        }
        return new DataTable(file, List.copyOf(names), rows, text);
    }

    private static boolean missing(String v) {
        return v.isEmpty() || v.equals("?") || v.equalsIgnoreCase("NA") || v.equalsIgnoreCase("NaN");
    }
}
