package io.expressrefund.rules.diagnostics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a rule or a constraint is written in the DRL text of a rule set, so that every failure can point
 * at a file, a line and a column. It reads the text itself rather than Drools' internal rule objects: the
 * public API names a rule, not its place in a file.
 */
public final class RuleLocator {
    // Names in DRL are Java identifiers, of any script (package 生鲜;): \w must not stop at ASCII.
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern DECLARE = Pattern.compile("^\\s*declare\\s+(?:(?:trait|enum)\\s+)?([\\w.]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern FUNCTION = Pattern.compile("^\\s*function\\s+[\\w.<>\\[\\]?, ]+?\\s+(\\w+)\\s*\\(",
            Pattern.UNICODE_CHARACTER_CLASS);
    /** A field of a declared type, {@code category : String}, on a line of its own or after the type's name. */
    private static final Pattern DECLARED_FIELD = Pattern.compile("(?:^|\\s)(\\w+)\\s*:\\s*[\\w.]", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern END = Pattern.compile("(?:^|\\s)end\\b");
    private static final String GENERATED_RULE_PREFIX = "Rule_";
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))");

    /** Where something is written: columns count from 1. */
    public record Location(String rule, String file, Integer line, Integer column) {
        public String describe() {
            StringBuilder where = new StringBuilder(file);
            if (line != null) {
                where.append(':').append(line);
                if (column != null) {
                    where.append(':').append(column);
                }
            }
            return where.toString();
        }
    }

    private record Declared(String packageName, String name, String file, int line) {
    }

    private final Map<String, String> drlFiles;
    private final Map<String, Declared> byQualifiedName = new HashMap<>();
    private final Map<String, List<Declared>> bySimpleName = new HashMap<>();
    private final Map<String, List<Declared>> byFile = new HashMap<>();
    /** Declared types by class name ({@code pkg.Name}), each where its {@code declare} is. */
    private final Map<String, Location> typeDeclarations = new HashMap<>();
    /** The fields each declared type names ({@code pkg.Name}), as written. */
    private final Map<String, Set<String>> declaredFields = new HashMap<>();
    /** Where each declared field is written, by {@code pkg.Name#field}. */
    private final Map<String, Location> fieldDeclarations = new HashMap<>();
    /** DRL functions by the method Drools compiles each into: {@code package.Name#name} for {@code function … name(…)}. */
    private final Map<String, Location> functionsByMethod = new HashMap<>();
    /** DRL functions by their name, for the one meant by a name misspelt; the first of a name where packages share it. */
    private final Map<String, Location> functionsByName = new java.util.TreeMap<>();
    /** Rules by package, each with the name of the class Drools generates for it less its number. */
    private final Map<String, List<Map.Entry<String, Declared>>> generatedClasses = new HashMap<>();

    public RuleLocator(Map<String, String> drlFiles) {
        this.drlFiles = drlFiles;
        drlFiles.forEach(this::index);
    }

    private void index(String file, String text) {
        String packageName = "";
        String declaring = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (declaring != null) {
                declaring = fieldsDeclared(declaring, lines[i], file, i + 1, 0);
                continue;
            }
            Matcher pkg = PACKAGE.matcher(lines[i]);
            if (pkg.find()) {
                packageName = pkg.group(1);
                continue;
            }
            Matcher type = DECLARE.matcher(lines[i]);
            if (type.find()) {
                String className = packageName.isEmpty() ? type.group(1) : packageName + "." + type.group(1);
                typeDeclarations.putIfAbsent(className, new Location(className, file, i + 1, type.start(1) + 1));
                declaring = fieldsDeclared(className, lines[i].substring(type.end()), file, i + 1, type.end());
                continue;
            }
            Matcher function = FUNCTION.matcher(lines[i]);
            if (function.find()) {
                String name = function.group(1);
                String className = Character.toUpperCase(name.charAt(0)) + name.substring(1);
                Location where = new Location(qualified(packageName, name) + "()", file, i + 1, function.start(1) + 1);
                functionsByMethod.putIfAbsent((packageName.isEmpty() ? className : packageName + "." + className) + "#" + name,
                        where);
                functionsByName.putIfAbsent(name, where);
                continue;
            }
            Matcher rule = RULE.matcher(lines[i]);
            if (rule.find()) {
                String name = rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
                Declared declared = new Declared(packageName, name, file, i + 1);
                byQualifiedName.putIfAbsent(packageName + "/" + name, declared);
                bySimpleName.computeIfAbsent(name, n -> new ArrayList<>()).add(declared);
                byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(declared);
                generatedClasses.computeIfAbsent(packageName, p -> new ArrayList<>())
                        .add(Map.entry(GENERATED_RULE_PREFIX + javaName(name), declared));
            }
        }
    }

    /**
     * Where the DRL function that a stack frame runs is written, or null; its {@code rule} is the function as
     * {@code package/name()}.
     */
    public Location function(StackTraceElement frame) {
        return functionsByMethod.get(frame.getClassName() + "#" + frame.getMethodName());
    }

    /** The DRL functions by name, each where it is written. */
    public Map<String, Location> functions() {
        return functionsByName;
    }

    /**
     * Where a type named in {@code text}, as a class ({@code pkg.Name}) or in the JVM's form ({@code pkg/Name}), is
     * declared; null when it names none. The longest name found wins ({@code extra.ItemList} over {@code extra.Item}).
     */
    public Location declarationOfTypeNamedIn(String text) {
        Location found = null;
        for (Map.Entry<String, Location> type : typeDeclarations.entrySet()) {
            String className = type.getKey();
            if ((found == null || className.length() > found.rule().length())
                    && (text.contains(className) || text.contains(className.replace('.', '/')))) {
                found = type.getValue();
            }
        }
        return found;
    }

    /**
     * The rule whose class Drools generated a stack frame runs in (its consequence, or an {@code eval} of its
     * conditions), or null. Drools names that class {@code Rule_} + the rule's name made a Java name + a number, in
     * the rule's package; the longest name that fits wins.
     */
    public Location ruleOfGeneratedClass(StackTraceElement frame) {
        String className = frame.getClassName();
        int dot = className.lastIndexOf('.');
        String packageName = dot < 0 ? "" : className.substring(0, dot);
        String simpleName = className.substring(dot + 1);
        if (!simpleName.startsWith(GENERATED_RULE_PREFIX)) {
            return null;
        }
        Declared found = null;
        int foundLength = -1;
        for (Map.Entry<String, Declared> rule : generatedClasses.getOrDefault(packageName, List.of())) {
            String generated = rule.getKey();
            if (generated.length() > foundLength && simpleName.length() > generated.length()
                    && simpleName.startsWith(generated) && Character.isDigit(simpleName.charAt(generated.length()))) {
                found = rule.getValue();
                foundLength = generated.length();
            }
        }
        return found == null ? null : new Location(qualified(found.packageName(), found.name()), found.file(), found.line(), null);
    }

    /** A rule's name as Drools makes it part of a class name. */
    private static String javaName(String ruleName) {
        String name = ruleName.replace(' ', '_');
        StringBuilder javaName = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (c == '$') {
                javaName.append("_dollar_");
            } else if (Character.isJavaIdentifierPart(c)) {
                javaName.append(c);
            } else {
                javaName.append("$u").append((int) c).append('$');
            }
        }
        return javaName.toString();
    }

    /**
     * Notes the fields {@code line} (line {@code lineNumber} of {@code file}, from column {@code offset} + 1) declares
     * for {@code type}; the type still being declared after it, or null.
     */
    private String fieldsDeclared(String type, String line, String file, int lineNumber, int offset) {
        Matcher end = END.matcher(line);
        boolean ended = end.find();
        Matcher field = DECLARED_FIELD.matcher(ended ? line.substring(0, end.start()) : line);
        while (field.find()) {
            declaredFields.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(field.group(1));
            fieldDeclarations.putIfAbsent(type + "#" + field.group(1),
                    new Location(type + "." + field.group(1), file, lineNumber, offset + field.start(1) + 1));
        }
        return ended ? null : type;
    }

    /** Where a declared type ({@code pkg.Name}) declares a field, or null when it cannot be told. */
    public Location declaredField(String className, String field) {
        return fieldDeclarations.get(className + "#" + field);
    }

    /** The fields a type of the DRL ({@code pkg.Name}) declares, as written; empty for any other type. */
    public Set<String> declaredFields(String className) {
        return declaredFields.getOrDefault(className, Set.of());
    }

    /** The simple names of the types the DRL declares. */
    public Set<String> declaredTypeNames() {
        Set<String> names = new TreeSet<>();
        typeDeclarations.keySet().forEach(name -> names.add(name.substring(name.lastIndexOf('.') + 1)));
        return names;
    }

    /** The DRL file that declares a fact type, or null when it cannot be told. */
    public String declaringFile(String packageName, String simpleName) {
        Location declaration = typeDeclarations.get(packageName.isEmpty() ? simpleName : packageName + "." + simpleName);
        return declaration == null ? null : declaration.file();
    }

    /** Where a rule is declared, by its qualified name {@code package/name} (a bare name is looked up alone). */
    public Location rule(String qualified) {
        // A package name has no slash; a rule's name may.
        int slash = qualified.indexOf('/');
        return rule(slash < 0 ? "" : qualified.substring(0, slash), qualified.substring(slash + 1));
    }

    /** Where a rule is declared, by its package and name; the file is unknown when the name is not found. */
    public Location rule(String packageName, String name) {
        Declared declared = byQualifiedName.get(packageName + "/" + name);
        if (declared == null) {
            List<Declared> alike = bySimpleName.getOrDefault(name, List.of());
            declared = alike.size() == 1 ? alike.get(0) : null;
        }
        return declared == null ? new Location(qualified(packageName, name), null, null, null)
                : new Location(qualified(declared.packageName(), name), declared.file(), declared.line(), null);
    }

    /**
     * Where a constraint is written, found by its text (Drools' run-time errors quote it), preferring the given
     * rule and file when known. {@code offset} counts from 0 into the expression, as the engine reports it.
     */
    public Location expression(String expression, String ruleName, String fileHint, int offset) {
        if (expression == null || expression.isBlank()) {
            return null;
        }
        String wanted = expression.strip();
        for (Map.Entry<String, String> file : drlFiles.entrySet()) {
            if (fileHint != null && !fileHint.equals(file.getKey())) {
                continue;
            }
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                int at = lines[i].indexOf(wanted);
                if (at < 0) {
                    continue;
                }
                Declared rule = ruleAround(file.getKey(), i + 1);
                if (ruleName != null && (rule == null || !rule.name().equals(ruleName))) {
                    continue;
                }
                return new Location(rule == null ? null : qualified(rule.packageName(), rule.name()), file.getKey(), i + 1,
                        at + Math.max(0, Math.min(offset, wanted.length() - 1)) + 1);
            }
        }
        return fileHint != null ? expression(expression, ruleName, null, offset) : null;
    }

    /** The rule declared last at or before a line of a file. */
    private Declared ruleAround(String file, int line) {
        Declared found = null;
        for (Declared declared : byFile.getOrDefault(file, List.of())) {
            if (declared.line() <= line) {
                found = declared;
            }
        }
        return found;
    }

    private static String qualified(String packageName, String name) {
        return packageName == null || packageName.isEmpty() ? name : packageName + "/" + name;
    }
}
