package dev.inlet.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A started connector instance, alive while its tasks run, as Kafka's WorkerConnector keeps it:
 * initialize(context), start(config), taskConfigs(max); stop() once its last task stopped.
 * requestTaskReconfiguration() makes the next poll() of any task ask taskConfigs(max) again;
 * when the configs changed and their number did not, the generation goes up and each task
 * restarts with its new config (TaskHandle); when their number changed, the host is asked to
 * replace all the tasks (inlet_host.request_task_reconfiguration), and its taskConfigs call gets
 * the new configs from handOver() while this instance stays started. raiseError() fails every
 * task at its next poll() and any task that starts.
 */
final class LiveConnector {
    /** The ConnectorContext; SourceContext adds offsetStorageReader() where the API has it. */
    static class Context implements ConnectorContext {
        volatile Exception raised;
        volatile boolean reconfigure;
        final OffsetReader reader = new OffsetReader();

        @Override
        public void requestTaskReconfiguration() {
            reconfigure = true;
        }

        @Override
        public void raiseError(Exception e) {
            raised = e;
        }

        /** KIP-877's ConnectorContext.pluginMetrics() (Kafka 4.1): see noPluginMetrics. */
        public PluginMetrics pluginMetrics() {
            throw noPluginMetrics("ConnectorContext");
        }
    }

    /**
     * What the bridge's contexts answer to pluginMetrics() (KIP-877, Kafka 4.1): inlet has no Kafka
     * metrics registry to give a plugin, so it answers as a runtime older than 4.1 does, with a
     * NoSuchMethodError, which a connector written to Kafka's javadoc of the method catches and
     * carries on without metrics. The method itself must exist: on 4.1 API jars the interfaces
     * declare it, and a context without it would throw AbstractMethodError, which that guard does
     * not catch. PluginMetrics is named only in the method's signature, never loaded, so the
     * bridge still runs on API jars that lack it.
     */
    static NoSuchMethodError noPluginMetrics(String context) {
        NoSuchMethodError e = new NoSuchMethodError(context + ".pluginMetrics(): inlet offers no plugin "
                + "metrics (KIP-877); it answers as a Kafka Connect runtime older than 4.1");
        // From the connector's call on, as the JVM's own error would be: the log shows the first frames.
        StackTraceElement[] trace = e.getStackTrace();
        e.setStackTrace(Arrays.copyOfRange(trace, Math.min(2, trace.length), trace.length));
        return e;
    }

    static Context newContext() {
        try {
            Class.forName("org.apache.kafka.connect.source.SourceConnectorContext", false,
                    LiveConnector.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return new Context(); // API jars older than Kafka 2.6
        }
        try {
            return (Context) Class.forName("dev.inlet.kafka.SourceContext")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the bridge's SourceContext cannot be created", e);
        }
    }

    final String name;
    final ConnectorHandle handle;
    final SourceConnector connector;
    final Context context;
    final int maxTasks;
    private final Map<String, String> config; // the connector config it was started with
    private volatile List<Map<String, String>> configs;
    private volatile int generation = 1;
    private int running; // tasks started and not stopped
    private boolean stopped;
    // Configs of another count than the running tasks': waiting for the host to replace them.
    private List<Map<String, String>> resized;
    // Handed over to the host's replacement: the old tasks' stopping does not stop the connector.
    private boolean handingOver;
    private boolean asked; // a task has asked the host to replace the tasks

    LiveConnector(String name, ConnectorHandle handle, SourceConnector connector, Context context,
                  int maxTasks, Map<String, String> config, List<Map<String, String>> configs) {
        this.name = name;
        this.handle = handle;
        this.connector = connector;
        this.context = context;
        this.maxTasks = maxTasks;
        this.config = config;
        this.configs = configs;
    }

    int generation() {
        return generation;
    }

    List<Map<String, String>> configs() {
        return configs;
    }

    /** raiseError()'s exception, thrown into the task that asks. */
    void checkRaised() throws Exception {
        Exception e = context.raised;
        if (e != null) throw e;
    }

    /**
     * After requestTaskReconfiguration(): taskConfigs(max) again (Kafka's herder does the same
     * and restarts the tasks only when the configs differ).
     */
    synchronized void refresh() throws Exception {
        if (!context.reconfigure || stopped) return;
        context.reconfigure = false;
        List<Map<String, String>> next = handle.within(() -> connector.taskConfigs(maxTasks));
        if (next == null || next.equals(configs)) return;
        if (next.size() == configs.size()) {
            configs = next;
            generation++;
            return;
        }
        resized = next;
    }

    /**
     * Whether to ask the host to replace the tasks (configs of another count wait): true once
     * per waiting set of configs, until the host took them (handOver) or refused (resizeRefused).
     */
    synchronized boolean takeResizeRequest() {
        if (stopped || resized == null || asked) return false;
        asked = true;
        return true;
    }

    /** The host could not take the request (it is starting or stopping): ask again later. */
    synchronized void resizeRefused() {
        this.asked = false;
    }

    /**
     * The host's taskConfigs for this connector while resized configs wait: those configs (the
     * connector is not restarted), when its config is the one this instance runs with; else
     * null (a new config: the caller restarts the connector, as for any change).
     */
    synchronized List<Map<String, String>> handOver(Map<String, String> wanted, int max) {
        if (stopped || resized == null || max != maxTasks || !wanted.equals(config)) return null;
        // No generation change: the old tasks keep their configs until the host stops them.
        configs = resized;
        resized = null;
        this.asked = false;
        handingOver = true;
        return configs;
    }

    synchronized void taskStarted() {
        running++;
        handingOver = false;
    }

    /** The last task stopped: Connector.stop(), as the worker does when the connector ends. */
    synchronized void taskStopped() throws Exception {
        if (--running > 0 || stopped || handingOver) return;
        stop();
    }

    synchronized void stop() throws Exception {
        if (stopped) return;
        stopped = true;
        // A connector that raised an error stays known, stopped, so that tasks the engine
        // restarts fail with the error again: raiseError() fails the connector for good.
        if (context.raised == null) handle.forget(this);
        handle.within(() -> {
            connector.stop();
            return null;
        });
    }

    synchronized boolean stopped() {
        return stopped;
    }
}
