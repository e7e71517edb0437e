package io.meshctl.core.analyze;

import java.util.Set;

/** The fixed parts of an analyzer, so each class is only its decision. */
public abstract class AbstractAnalyzer implements Analyzer {

  private final String name;
  private final String description;
  private final Set<Code> codes;
  private final Set<String> requires;

  protected AbstractAnalyzer(String name, String description, Set<Code> codes, Set<String> requires) {
    this.name = name;
    this.description = description;
    this.codes = codes;
    this.requires = requires;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Set<Code> codes() {
    return codes;
  }

  @Override
  public final Set<String> requires() {
    return requires;
  }
}
