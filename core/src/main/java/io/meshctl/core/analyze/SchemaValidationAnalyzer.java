package io.meshctl.core.analyze;

import io.meshctl.core.analyze.schema.SchemaValidator;
import io.meshctl.core.analyze.schema.SchemaValidator.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code schema.ValidationAnalyzer.<Kind>} (analyze.md §8.15): each object of the kind through
 * {@link SchemaValidator}; errors are IST0106 and warnings IST0133, each naming the field path and
 * pointing the reference at that field's line; VirtualService rules that can never match are IST0130
 * and IST0131.
 */
final class SchemaValidationAnalyzer implements Analyzer {

  /** The kinds validated, one analyzer each as istioctl lists them. */
  static final List<String> KINDS = List.of(Kinds.VIRTUAL_SERVICE, Kinds.DESTINATION_RULE, Kinds.GATEWAY,
      Kinds.SERVICE_ENTRY, Kinds.SIDECAR, Kinds.WORKLOAD_ENTRY, Kinds.WORKLOAD_GROUP, Kinds.PEER_AUTHENTICATION,
      Kinds.REQUEST_AUTHENTICATION, Kinds.AUTHORIZATION_POLICY, Kinds.MESH_POLICY, Kinds.POLICY);

  private final String kind;

  SchemaValidationAnalyzer(String kind) {
    this.kind = kind;
  }

  static List<Analyzer> all() {
    List<Analyzer> out = new ArrayList<>();
    KINDS.forEach(k -> out.add(new SchemaValidationAnalyzer(k)));
    return out;
  }

  @Override
  public String name() {
    return "schema.ValidationAnalyzer." + kind;
  }

  @Override
  public String description() {
    return "Runs schema validation as an analyzer and reports any violations (field types, required fields, enum "
        + "values, Istio's validation rules)";
  }

  @Override
  public Set<Code> codes() {
    return kind.equals(Kinds.VIRTUAL_SERVICE)
        ? Set.of(Code.SCHEMA_VALIDATION_ERROR, Code.SCHEMA_WARNING, Code.VIRTUAL_SERVICE_UNREACHABLE_RULE,
            Code.VIRTUAL_SERVICE_INEFFECTIVE_MATCH)
        : Set.of(Code.SCHEMA_VALIDATION_ERROR, Code.SCHEMA_WARNING);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    List<Resource> objects = ctx.all(kind);
    if (objects.isEmpty()) {
      return;
    }
    var apis = ctx.snapshot().apis();
    for (Resource r : objects) {
      for (Problem p : SchemaValidator.validate(r.tree(), apis)) {
        String[] parts = p.text().split("\u0000");
        switch (p.kind()) {
          case ERROR -> ctx.report(Code.SCHEMA_VALIDATION_ERROR, r, field(p.path()), p.describe());
          case WARNING -> ctx.report(Code.SCHEMA_WARNING, r, field(p.path()), p.describe());
          case UNREACHABLE_RULE -> ctx.report(Code.VIRTUAL_SERVICE_UNREACHABLE_RULE, r, null, parts[0], parts[1]);
          case INEFFECTIVE_MATCH -> ctx.report(Code.VIRTUAL_SERVICE_INEFFECTIVE_MATCH, r, null, parts[0], parts[1],
              parts[2]);
          default -> { }
        }
      }
    }
  }

  /** istioctl's field key for a path: the line of a scalar field, else the document's. */
  private static String field(String path) {
    return path.isEmpty() ? null : "{." + path + "}";
  }
}
