package shardlift.es56;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The smallest REST client for an ES node on loopback: one request, raw bytes both ways. */
final class Rest {
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String base;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  Rest(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** Sends a request; {@code body} may be null. Fails on transport errors only. */
  Response send(String method, String path, byte[] body, String contentType) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(180))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                     : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + method + " " + path, e);
    }
  }

  /** Sends a request that must succeed (2xx); returns the response. */
  Response ok(String method, String path, byte[] body, String contentType) throws IOException {
    Response response = send(method, path, body, contentType);
    if (response.status() / 100 != 2) {
      throw new IOException(method + " " + abbreviate(path) + " -> " + response.status() + ": "
          + abbreviate(response.text()));
    }
    return response;
  }

  Response okJson(String method, String path, String json) throws IOException {
    return ok(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        "application/json");
  }

  /**
   * A synced flush of {@code index}. It answers 409 "pending operations" while the last writes
   * are still in flight on a busy machine, and ES says to try again: up to 30 tries, a second
   * apart.
   */
  void syncedFlush(String index) throws IOException {
    String path = "/" + index + "/_flush/synced";
    for (int attempt = 1; ; ++attempt) {
      Response response = send("POST", path, null, null);
      if (response.status() / 100 == 2) {
        return;
      }
      if (response.status() != 409 || attempt == 30) {
        throw new IOException("POST " + abbreviate(path) + " -> " + response.status() + ": "
            + abbreviate(response.text()));
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted: " + path, e);
      }
    }
  }

  static String abbreviate(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }
}
