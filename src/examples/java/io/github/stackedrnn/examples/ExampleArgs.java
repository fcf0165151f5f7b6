package io.github.stackedrnn.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command-line options of an example: {@code --name value} pairs, nothing else.
 *
 * <p>Every argument is split at white space first, so the options arrive the same way from
 * {@code java ... Example --epochs 3 --seeds 2} and from Maven, which passes the whole of
 * {@code -Dexample.args="--epochs 3 --seeds 2"} as one argument (an empty one when it is not set).
 * An option that the example does not know, a name without a value or a value that is not a number
 * where one is expected is refused with an {@link IllegalArgumentException} that says what came and
 * which options exist.
 */
public final class ExampleArgs {
    private final Map<String, String> values; // option name without "--" -> value, in the order given
    private final Set<String> known;

    private ExampleArgs(Map<String, String> values, Set<String> known) {
        this.values = values;
        this.known = known;
    }

    /**
     * @param args  the arguments of {@code main}
     * @param known the option names the example accepts, without {@code --}
     * @return the parsed options
     * @throws IllegalArgumentException if an option is unknown, given twice or lacks its value, or a
     *                                  word is not an option
     */
    public static ExampleArgs parse(String[] args, String... known) {
        Set<String> knownSet = new TreeSet<>(List.of(known));
        Map<String, String> values = new LinkedHashMap<>();
        String[] words = String.join(" ", args).trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.isEmpty()) {
                continue;
            }
            if (!word.startsWith("--") || word.length() == 2) {
                throw new IllegalArgumentException("Expected an option such as --" + knownSet.iterator().next()
                        + " but got '" + word + "'; options: " + describe(knownSet));
            }
            String name = word.substring(2);
            if (!knownSet.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "; options: " + describe(knownSet));
            }
            if (i + 1 >= words.length || words[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            if (values.put(name, words[++i]) != null) {
                throw new IllegalArgumentException("Option --" + name + " was given twice");
            }
        }
        return new ExampleArgs(values, knownSet);
    }

    /**
     * @param name an option name, without {@code --}
     * @return whether the option was given
     */
    public boolean has(String name) {
        return values.containsKey(checkedName(name));
    }

    /**
     * @param name         an option name, without {@code --}
     * @param defaultValue the value when the option is absent
     * @return the option's value, a positive integer
     * @throws IllegalArgumentException if the value is not a positive integer
     */
    public int positiveInt(String name, int defaultValue) {
        String value = values.get(checkedName(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Option --" + name + " expects a positive integer, got '" + value + "'");
    }

    /**
     * @param name         an option name, without {@code --}
     * @param defaultValue the value when the option is absent
     * @return the option's value, a positive finite number
     * @throws IllegalArgumentException if the value is not a positive finite number
     */
    public double positiveDouble(String name, double defaultValue) {
        String value = values.get(checkedName(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Option --" + name + " expects a positive number, got '" + value + "'");
    }

    /**
     * @param name         an option name, without {@code --}
     * @param defaultValue the value when the option is absent
     * @return the option's value, as given
     */
    public String text(String name, String defaultValue) {
        String value = values.get(checkedName(name));
        return value == null ? defaultValue : value;
    }

    /**
     * @param name         an option name, without {@code --}
     * @param defaultValue the value when the option is absent
     * @return the option's value as a path
     */
    public Path path(String name, Path defaultValue) {
        String value = values.get(checkedName(name));
        return value == null ? defaultValue : Path.of(value);
    }

    private String checkedName(String name) {
        if (!known.contains(name)) {
            throw new IllegalArgumentException("Option --" + name + " was not declared; declared: " + describe(known));
        }
        return name;
    }

    private static String describe(Set<String> names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append(text.length() == 0 ? "" : ", ").append("--").append(name);
        }
        return text.toString();
    }
}
