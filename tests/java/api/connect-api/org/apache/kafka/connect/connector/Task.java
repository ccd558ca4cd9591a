package org.apache.kafka.connect.connector;

import java.util.Map;

/** Stand-in: one unit of a connector's work, run on its own thread by the runtime. */
public interface Task {
    String version();

    void start(Map<String, String> props);

    void stop();
}
