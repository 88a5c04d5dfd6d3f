package shardlift.oracle;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The oracle's command line: `java -jar oracle.jar <mode> ...` (see README.md). */
public final class Main {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar oracle.jar <mode> ...",
          "  " + WriteOptions.USAGE,
          "      write a randomized Lucene 5.x or 6.x index, determined by the seed",
          "  dump [--sorted-dv] DIR|ZIP",
          "      print every segment and document as Lucene 6.6 reads it (lucene-synth format)",
          "  read-bench [--warmup N] [--reps N] [--path per-document|merge-instance|both] DIR...",
          "      time reading every stored field of every live doc; one JSON line per path");

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    String mode = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (mode) {
        case "write":
          write(rest);
          break;
        case "dump":
          dump(rest);
          break;
        case "read-bench":
          readBench(rest);
          break;
        default:
          throw new Args.UsageException("unknown mode '" + mode + "'");
      }
    } catch (Args.UsageException e) {
      System.err.println("oracle: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
    } catch (Exception e) {
      System.err.println("oracle " + mode + " failed:");
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void write(String[] args) throws Exception {
    WriteOptions options = WriteOptions.parse(args); // usage errors are reported here, not in 5.5
    if (options.version == VersionSupport.MAJOR) {
      WriteMain.run(args);
    } else {
      Lucene5Writer.run(args);
    }
  }

  private static void dump(String[] args) throws Exception {
    Args parsed = new Args(args, Set.of(), Set.of("sorted-dv"));
    if (parsed.positionals().size() != 1) throw new Args.UsageException("dump takes one DIR");
    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
    new Dump(out, parsed.flag("sorted-dv")).dump(Paths.get(parsed.positionals().get(0)));
    out.flush();
  }

  private static void readBench(String[] args) throws Exception {
    Args parsed = new Args(args, Set.of("warmup", "reps", "path"), Set.of());
    List<Path> dirs = new ArrayList<>();
    for (String dir : parsed.positionals()) dirs.add(Paths.get(dir));
    if (dirs.isEmpty()) throw new Args.UsageException("read-bench needs at least one DIR");
    String path = parsed.option("path") == null ? "both" : parsed.option("path");
    if (!Set.of("per-document", "merge-instance", "both").contains(path)) {
      throw new Args.UsageException("--path must be per-document, merge-instance or both");
    }
    int warmup = (int) parsed.longOption("warmup", 1);
    int reps = (int) parsed.longOption("reps", 5);
    if (warmup < 0 || reps < 1) throw new Args.UsageException("need --warmup >= 0 and --reps >= 1");
    new ReadBench(dirs, warmup, reps).run(path);
  }
}
