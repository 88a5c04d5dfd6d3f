package shardlift.oracle;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/**
 * The options of `write`. Everything not given here is drawn from the seed; the optional overrides
 * let a test pin the axes it wants covered (both modes, compound or not).
 */
final class WriteOptions {
  static final String USAGE =
      "write --version 5|6 --seed S --out DIR [--docs N] [--big]"
          + " [--mode speed|compression] [--compound yes|no|mixed]";

  /** How the segments of an index are packed. */
  enum Compound {
    YES,
    NO,
    MIXED
  }

  final int version;
  final long seed;
  final Path out;
  final int docs; // 0 = drawn from the seed
  final boolean big;
  final Boolean bestCompression; // null = drawn from the seed
  final Compound compound; // null = drawn from the seed

  private WriteOptions(Args args) throws Args.UsageException {
    version = (int) args.longOption("version", 0);
    if (version != 5 && version != 6) throw new Args.UsageException("--version must be 5 or 6");
    seed = Long.parseLong(args.required("seed"));
    out = Paths.get(args.required("out"));
    docs = (int) args.longOption("docs", 0);
    if (docs < 0) throw new Args.UsageException("--docs must be >= 0");
    big = args.flag("big");
    String mode = args.option("mode");
    if (mode == null) {
      bestCompression = null;
    } else if (mode.equals("speed") || mode.equals("compression")) {
      bestCompression = mode.equals("compression");
    } else {
      throw new Args.UsageException("--mode must be speed or compression");
    }
    String compoundName = args.option("compound");
    try {
      compound = compoundName == null ? null : Compound.valueOf(compoundName.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--compound must be yes, no or mixed");
    }
    if (!args.positionals().isEmpty()) {
      throw new Args.UsageException("unexpected argument " + args.positionals().get(0));
    }
  }

  static WriteOptions parse(String[] args) throws Args.UsageException {
    try {
      return new WriteOptions(
          new Args(args, Set.of("version", "seed", "out", "docs", "mode", "compound"), Set.of("big")));
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--seed wants an integer");
    }
  }
}
