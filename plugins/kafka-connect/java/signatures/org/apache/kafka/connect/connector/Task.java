package org.apache.kafka.connect.connector;
public interface Task {
    String version();
    void start(java.util.Map<String, String> props);
    void stop();
}
