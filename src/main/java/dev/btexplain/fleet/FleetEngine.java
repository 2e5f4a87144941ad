package dev.btexplain.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a fleet's reports are bucketed: in this process ({@link #IN_PROCESS}, the default), or by another engine found
 * on the class path (java.util.ServiceLoader; btexplain-flink's jar brings "flink"). Every engine runs the same steps
 * (FleetInput, {@link Fleet#sign}, {@link Buckets.Part#merge}) and so gives the same buckets.
 */
public interface FleetEngine {
    /** The name --engine takes. */
    String name();

    /** The buckets of these inputs' reports, signed as the settings say. */
    Fleet.Result run(List<Path> inputs, FleetSettings settings) throws IOException;

    /** This process, on every core. */
    FleetEngine IN_PROCESS = new FleetEngine() {
        @Override
        public String name() {
            return "in-process";
        }

        @Override
        public Fleet.Result run(List<Path> inputs, FleetSettings settings) throws IOException {
            FleetSettings.Prepared p = settings.prepare();
            return Fleet.run(inputs, p.signer(), p.overrides(), p.options(), Runtime.getRuntime().availableProcessors());
        }
    };

    /** The engine of that name: this process, or one the class path brings; null when none has it. */
    static FleetEngine named(String name) {
        if (name.equals(IN_PROCESS.name())) {
            return IN_PROCESS;
        }
        for (FleetEngine e : java.util.ServiceLoader.load(FleetEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
