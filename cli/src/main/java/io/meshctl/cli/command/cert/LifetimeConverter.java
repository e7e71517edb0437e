package io.meshctl.cli.command.cert;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Certificate lifetimes: 30d, 720h, 1y; a year is 365 days. */
public final class LifetimeConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    Duration d = IssueOptions.duration(value);
    if (d == null) {
      throw new TypeConversionException("'" + value + "' is not a lifetime: use 30d, 720h or 1y");
    }
    return d;
  }
}
