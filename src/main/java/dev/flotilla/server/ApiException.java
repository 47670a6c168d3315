package dev.flotilla.server;

/** An API failure with an HTTP status and a stable machine code, rendered as {@code {"error":{"code","message"}}}. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }
}
