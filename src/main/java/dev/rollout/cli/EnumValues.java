package dev.rollout.cli;

import dev.rollout.engine.Wire;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The values of enum options as the help, the README and every output write them: lower case
 * ({@code expected one of [text, json] but was 'xml'}), in any case on input, {@code -} or
 * {@code _} alike. Registered for every enum type an option of any command has, so a new enum
 * option needs nothing more.
 */
final class EnumValues {

  private EnumValues() {}

  /** Registers the converter for each enum type of every option and parameter in {@code cl}. */
  static void register(CommandLine cl) {
    Set<Class<?>> types = new HashSet<>();
    collect(cl, types);
    types.forEach(t -> register(cl, t));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(CommandLine cl, Class<?> type) {
    Class<? extends Enum> e = (Class<? extends Enum>) type;
    cl.registerConverter((Class) type, (CommandLine.ITypeConverter) text -> convert(e, text));
  }

  private static void collect(CommandLine cl, Set<Class<?>> types) {
    for (ArgSpec a : cl.getCommandSpec().args()) {
      if (a.type().isEnum()) {
        types.add(a.type());
      }
    }
    cl.getSubcommands().values().forEach(sub -> collect(sub, types));
  }

  static <E extends Enum<E>> E convert(Class<? extends Enum> type, String text) {
    String wanted = text.strip().replace('-', '_');
    for (Enum<?> c : type.getEnumConstants()) {
      if (c.name().equalsIgnoreCase(wanted)) {
        @SuppressWarnings("unchecked")
        E found = (E) c;
        return found;
      }
    }
    throw new TypeConversionException("expected one of " + Arrays.stream(
        type.getEnumConstants()).map(c -> Wire.name((Enum<?>) c)).toList() + " but was '"
        + text + "'");
  }
}
