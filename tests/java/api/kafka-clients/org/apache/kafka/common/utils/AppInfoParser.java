package org.apache.kafka.common.utils;

/**
 * Stand-in: the version of the client library. Many connectors answer version() with it
 * (Kafka's own FileStreamSourceConnector does), so a stand-in kafka-clients jar must have it.
 */
public class AppInfoParser {
    public static String getVersion() {
        return "3.8.0";
    }

    public static String getCommitId() {
        return "unknown";
    }
}
