package dev.inlet.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A started connector instance, alive while its tasks run, as Kafka's WorkerConnector keeps it:
 * initialize(context), start(config), taskConfigs(max); stop() once its last task stopped.
 * requestTaskReconfiguration() makes the next poll() of any task ask taskConfigs(max) again;
 * when the configs changed, the generation goes up and each task restarts with its new config
 * (TaskHandle). raiseError() fails every task at its next poll() and any task that starts.
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
    private volatile List<Map<String, String>> configs;
    private volatile int generation = 1;
    private int running; // tasks started and not stopped
    private boolean stopped;

    LiveConnector(String name, ConnectorHandle handle, SourceConnector connector, Context context,
                  int maxTasks, List<Map<String, String>> configs) {
        this.name = name;
        this.handle = handle;
        this.connector = connector;
        this.context = context;
        this.maxTasks = maxTasks;
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
        if (next != null && !next.equals(configs)) {
            configs = next;
            generation++;
        }
    }

    synchronized void taskStarted() {
        running++;
    }

    /** The last task stopped: Connector.stop(), as the worker does when the connector ends. */
    synchronized void taskStopped() throws Exception {
        if (--running > 0 || stopped) return;
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
