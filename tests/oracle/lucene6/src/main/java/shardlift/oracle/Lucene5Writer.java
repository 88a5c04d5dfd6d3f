package shardlift.oracle;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Runs `write --version 5` in oracle-lucene5.jar (beside this jar), in a class loader that sees
 * only that jar and its Lucene 5.5 (through its manifest class path), never our Lucene 6.6.
 */
final class Lucene5Writer {
  private static final String JAR = "oracle-lucene5.jar";

  private Lucene5Writer() {}

  static void run(String[] args) throws Exception {
    Path self = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = self.resolveSibling(JAR);
    if (!Files.isRegularFile(jar)) throw new IllegalStateException("missing " + jar);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader); // Lucene's SPI lookups (codecs) use it
      loader.loadClass(WriteMain.class.getName()).getMethod("run", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
