package org.loopedicl.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.loopedicl.io.InvalidInputException;

/**
 * The cells of a grid, in grid order: the cartesian product of the value lists with the last
 * key varying fastest, as nested loops over the keys in the order the file lists them. A column
 * (and a cell's name) calls a key by its last segment when no other grid key ends the same way.
 */
final class Grid {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._=+-]");

    private Grid() {}

    static List<String> columns(Map<String, List<Object>> grid) {
        Map<String, Integer> lastUses = new HashMap<>();
        for (String key : grid.keySet()) lastUses.merge(last(key), 1, Integer::sum);
        List<String> columns = new ArrayList<>();
        for (String key : grid.keySet()) columns.add(lastUses.get(last(key)) == 1 ? last(key) : key);
        return columns;
    }

    static List<Cell> cells(SweepFile sweep) {
        List<String> keys = new ArrayList<>(sweep.grid().keySet());
        List<String> columns = columns(sweep.grid());
        int total = 1;
        for (List<Object> values : sweep.grid().values()) total = Math.multiplyExact(total, values.size());
        List<Cell> cells = new ArrayList<>();
        Map<String, Cell> byName = new HashMap<>();
        for (int index = 0; index < total; index++) {
            List<String> values = new ArrayList<>(), overrides = new ArrayList<>(), name = new ArrayList<>();
            int rest = index;
            int[] pick = new int[keys.size()];
            for (int k = keys.size() - 1; k >= 0; k--) {
                int n = sweep.grid().get(keys.get(k)).size();
                pick[k] = rest % n;
                rest /= n;
            }
            for (int k = 0; k < keys.size(); k++) {
                Object v = sweep.grid().get(keys.get(k)).get(pick[k]);
                values.add(v.toString());
                overrides.add(SweepFile.assignment(keys.get(k), v));
                name.add(columns.get(k) + "=" + UNSAFE.matcher(v.toString()).replaceAll("_"));
            }
            Cell cell = new Cell(String.join("_", name), values, overrides);
            Cell same = byName.putIfAbsent(cell.name(), cell);
            if (same != null)
                throw new InvalidInputException(sweep.file() + ": 'grid': cells " + same.values() + " and " + cell.values()
                        + " would share the run directory " + cell.name() + "; make the values differ in letters or digits");
            cells.add(cell);
        }
        return cells;
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
