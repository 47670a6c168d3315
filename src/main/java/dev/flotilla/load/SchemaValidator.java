package dev.flotilla.load;

/** Validates a resolved compose tree against the bundled compose-spec JSON schema. */
final class SchemaValidator {
  private SchemaValidator() {}

  static void validate(YNode.Map root) {
    // filled in below
  }
}
