package shardlift.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A minimal command-line parser: `--name value` options, `--flag` switches and positionals. */
final class Args {
  /** A wrong command line; the message says what is wrong, the caller prints usage. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final List<String> positionals = new ArrayList<>();

  /**
   * Parses {@code args}. Names in {@code flagNames} take no value; every other {@code --name}
   * must be one of {@code optionNames} and takes the next argument as its value.
   */
  Args(String[] args, Set<String> optionNames, Set<String> flagNames) throws UsageException {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      if (flagNames.contains(name)) {
        flags.add(name);
      } else if (optionNames.contains(name)) {
        if (i + 1 >= args.length) throw new UsageException("option " + arg + " needs a value");
        options.put(name, args[++i]);
      } else {
        throw new UsageException("unknown option " + arg);
      }
    }
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String option(String name) {
    return options.get(name);
  }

  String required(String name) throws UsageException {
    String value = options.get(name);
    if (value == null) throw new UsageException("missing --" + name);
    return value;
  }

  long longOption(String name, long fallback) throws UsageException {
    String value = options.get(name);
    if (value == null) return fallback;
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " wants an integer, got '" + value + "'");
    }
  }

  List<String> positionals() {
    return positionals;
  }
}
