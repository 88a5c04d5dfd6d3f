package shardlift.oracle;

/**
 * Entry point of `write`, present in both jars: each compiles it against its own Lucene, and the
 * 6.6 command line calls the 5.5 copy through an isolated class loader for `--version 5`.
 */
public final class WriteMain {
  private WriteMain() {}

  /** Writes the index described by {@code args} (see {@link WriteOptions#USAGE}). */
  public static void run(String[] args) throws Exception {
    WriteOptions options = WriteOptions.parse(args);
    if (options.version != VersionSupport.MAJOR) {
      throw new IllegalStateException(
          "this jar writes Lucene " + VersionSupport.MAJOR + ", not " + options.version);
    }
    String summary = new IndexGenerator(options).write();
    System.out.println(summary);
  }
}
