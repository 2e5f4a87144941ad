package dev.btexplain.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knowledge files as written: one record per JSON object of knowledge/schema (a component's name in snake case is
 * the field's), bound from the file's Jackson tree. A field the record does not have, or a value of the wrong type, is
 * refused with the file and the path to it; a missing list or map reads as empty, a missing value as null or false. What a schema cannot say (a regular
 * expression compiles, an id names a role that exists) {@link PackReader} checks while it makes the knowledge's types.
 */
final class PackJson {
    private PackJson() {
    }

    /** pack.json. */
    record Manifest(String id, String label, String article, String summary, String kind, String applies,
                    Recognise recognise, Library library, MainThread mainThread, boolean opaqueUnknownFrames,
                    boolean blocksThroughLibraries, String source, String notes, List<Program> programs, RuntimeDump runtimeDump) {
        record RuntimeDump(String threadId, List<String> framesAt, boolean replaceRest, boolean hidesCalls, String format, List<String> command,
                           List<String> gdbCommands, String gdbMissing, String source) {
        }

        record Program(String id, String label, String article, List<String> names, MainThread mainThread) {
        }

        record Recognise(List<String> executables, List<String> threadNames, List<String> functions, boolean ownFunctions) {
        }

        record Library(List<String> paths, List<String> sources) {
        }

        record MainThread(String role, String confidence, String why) {
        }
    }

    /** One entry of functions.json (a list of them). */
    record Function(String id, List<String> names, String pattern, String library, String category, String roleHint,
                    String meaning, String source, String versions, Map<String, String> arguments, String waitsFor,
                    String waitKind, String target, boolean needsKnownCaller, String lock, String signal, String message,
                    List<String> unnamedCallerOf, String unnamedCallerIn, String condvarLock, boolean request,
                    boolean nonblockingCalls, List<ArgumentRule> argumentRules, String checked, String notes) {
        record ArgumentRule(Map<String, String> when, boolean nonblocking, String waitKind, String why) {
        }
    }

    /** roles.json. */
    record Roles(String comment, List<Role> roles) {
        record Role(String id, String label, String summary, String source, String who, List<NamePattern> names,
                    List<Clue> clues, List<Template> explain, List<HomeWait> homeWaits, boolean kernelTask,
                    boolean nameFirst, String nameConfidence, String notes, List<HomeWait> workWaits) {
        }

        record NamePattern(String pattern, String who) {
        }

        record Clue(List<String> framesAll, String library, boolean onlyKnownPackFrames, boolean notMainThread,
                    boolean noOtherLibraries, Integer threadNumber, String confidence, String why) {
        }

        record Template(String state, String whenFrame, String activity, String text) {
        }

        record HomeWait(List<String> states, List<String> waits, List<String> through, List<String> loopEntries,
                        String shape, List<String> waitKinds, String confidence, String why, String source) {
        }
    }

    /** checks.json (its list is "checks") or patterns.json ("patterns"). */
    record Checks(String comment, List<Check> checks, List<Check> patterns) {
        record Check(String id, List<String> missingRoles, String role, String frame, Integer belowPercent,
                     boolean notNormal, String text, String source, String notes, List<String> unlessPrograms) {
        }
    }

    /** locks.json. */
    record Locks(String comment, List<Symbol> symbols, List<Holder> holders, String source) {
        record Symbol(String pattern, String lock, String label, List<String> ownerExpressions, String source, String notes) {
        }

        record Holder(String lock, String role, List<String> unlessWaitingUnder, List<String> unlessStates,
                      List<String> onlyStates, String why, String source) {
        }
    }

    /** next-steps.json. */
    record NextSteps(String comment, List<Step> nextSteps) {
        record Step(String id, When when, String replaces, String text, String notes) {
        }

        /** {@code role}: one role id, or a list of them. */
        record When(String trigger, List<String> role,
                    String state, String waitKind, String activity, String unless) {
        }
    }

    /** waits.json. */
    record Waits(String comment, List<WaitObject> objects) {
        record WaitObject(String argument, String label, List<String> states, boolean lock, String ownerByAddress,
                          String ownerBySymbol) {
        }
    }

    /** reports.json. */
    record Reports(String comment, List<Report> reports) {
        record Report(String id, List<String> formats, String pattern, String label, String verdict, String verdictIfWaiting,
                      String confidence, String meaning, String readFirst, String source, String checked) {
        }
    }

    /** shapes.json. */
    record Shapes(String comment, Integer busyCpuPercent, List<OwnSystemCalls> ownSystemCalls, List<Shape> shapes) {
        record OwnSystemCalls(String library, String pack, String source, String checked) {
        }

        record Shape(String id, String label, List<String> waitKinds, Integer maxFrames, String why, List<String> setBy,
                     String source, String notes) {
        }
    }

    /** states.json, the contract's states and what the knowledge's categories and wait kinds mean for them. */
    record States(List<State> states, Map<String, String> categories, List<Refinement> refinements,
                  String refinementsComment, List<String> fatalSignals, Map<String, String> signalNumbers,
                  String signalNumbersNote, List<WaitKind> waitKinds, String waitKindsComment, List<SignalCode> signalCodes,
                  String signalCodesComment, List<RuntimeState> runtimeStates, String runtimeStatesComment, String runningInWaitText) {
        record RuntimeState(String runtime, String state, String parkedOn, String category, boolean onCpu, String source) {
        }

        record State(String id, String text, String meaning) {
        }

        record Refinement(String inner, String outer, String state, boolean adjacent, String why) {
        }

        record WaitKind(String id, String label, boolean stuckIfUnchanged, boolean onThread, boolean pacesWork,
                        boolean working, String text, boolean returnsAtOnceInLoops, List<String> categories) {
        }

        record SignalCode(String signal, Integer code, String name, boolean sent, String text) {
        }
    }

    /** The file (JSON, or the build's prepared form of it) as a record of {@code type}, or why it cannot be. */
    static <T> T read(String file, byte[] bytes, Class<T> type) throws KnowledgeException {
        JsonNode tree;
        try {
            tree = CompactTree.isCompact(bytes) ? CompactTree.read(bytes) : Parser.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new KnowledgeException(JsonProblem.of(file, e));
        } catch (IOException e) {
            throw new KnowledgeException(file + ": cannot read: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new KnowledgeException(file + ": is empty");
        }
        return type.cast(value(tree, type, new At(null, null), file));
    }

    /** Made on first use: the built-in files are read from their prepared form, without a JSON parser. */
    private static final class Parser {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /** Where a value is in its file, written out (as a JSON pointer, the schema errors' form) only for an error. */
    private record At(At parent, String key) {
        At in(String child) {
            return new At(this, child);
        }

        @Override
        public String toString() {
            return parent == null ? "" : parent + "/" + key;
        }

        String orRoot() {
            String s = toString();
            return s.isEmpty() ? "/" : s;
        }
    }

    /**
     * Binds a node to a record, list, array, map, text, whole number or boolean by the declared type. Jackson's data
     * binding would do this too, but its first use costs more than the rest of loading the knowledge (about 150 ms of
     * a 0.5 s small explain, measured: docs/benchmarks.md); the records are the same either way.
     */
    private static Object value(JsonNode n, Type type, At at, String file) throws KnowledgeException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (n == null || n.isNull()) {
            return raw == List.class ? List.of() : raw == Map.class ? Map.of() : raw == boolean.class ? false : null;
        }
        if (raw == String.class) {
            if (n.isContainerNode()) {
                throw wrong(file, at, "text");
            }
            return n.asText();
        }
        if (raw == boolean.class) {
            if (!n.isBoolean()) {
                throw wrong(file, at, "true or false");
            }
            return n.booleanValue();
        }
        if (raw == Integer.class) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw wrong(file, at, "a whole number");
            }
            return n.intValue();
        }
        if (raw == List.class || raw.isArray()) {
            Type element = raw.isArray() ? raw.getComponentType() : ((ParameterizedType) type).getActualTypeArguments()[0];
            if (!n.isArray()) {
                if (raw.isArray()) {
                    throw wrong(file, at, "a list");
                }
                return List.of(value(n, element, at, file)); // a list of one may be written as its one value
            }
            List<Object> out = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                out.add(value(n.get(i), element, at.in(String.valueOf(i)), file));
            }
            if (raw.isArray()) {
                Object array = Array.newInstance(raw.getComponentType(), out.size());
                for (int i = 0; i < out.size(); i++) {
                    Array.set(array, i, out.get(i));
                }
                return array;
            }
            return Collections.unmodifiableList(out);
        }
        if (!n.isObject()) {
            throw wrong(file, at, "an object");
        }
        if (raw == Map.class) {
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), value(e.getValue(), valueType, at.in(e.getKey()), file));
            }
            return Collections.unmodifiableMap(out);
        }
        Binding binding = BINDINGS.get(raw);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!binding.fields.containsKey(field)) {
                throw new KnowledgeException(file + ": " + at.orRoot() + ": unknown field \"" + field + "\"");
            }
        }
        Object[] args = new Object[binding.names.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = value(n.get(binding.names[i]), binding.types[i], at.in(binding.names[i]), file);
        }
        try {
            return binding.constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(raw + ": cannot be made", e);
        }
    }

    private static KnowledgeException wrong(String file, At at, String wanted) {
        return new KnowledgeException(file + ": " + at.orRoot() + ": must be " + wanted);
    }

    /** A record's fields as the files write them (its components' names in snake case), its types and constructor. */
    private static final class Binding {
        final String[] names;
        final Type[] types;
        final Map<String, Integer> fields = new HashMap<>();
        final Constructor<?> constructor;

        Binding(Class<?> record) {
            RecordComponent[] components = record.getRecordComponents();
            names = new String[components.length];
            types = new Type[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
                types[i] = components[i].getGenericType();
                raw[i] = components[i].getType();
                fields.put(names[i], i);
            }
            try {
                constructor = record.getDeclaredConstructor(raw);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(record + " has no canonical constructor", e);
            }
        }
    }

    private static final ClassValue<Binding> BINDINGS = new ClassValue<>() {
        @Override
        protected Binding computeValue(Class<?> type) {
            return new Binding(type);
        }
    };
}
