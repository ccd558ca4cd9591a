package org.apache.kafka.connect.util;

import java.util.ArrayList;
import java.util.List;

/** Stand-in: helpers connectors use to split work between tasks. */
public class ConnectorUtils {
    /** Splits elements into numGroups contiguous groups whose sizes differ by at most one. */
    public static <T> List<List<T>> groupPartitions(List<T> elements, int numGroups) {
        if (numGroups <= 0) throw new IllegalArgumentException("Number of groups must be positive.");
        List<List<T>> result = new ArrayList<>(numGroups);
        int perGroup = elements.size() / numGroups;
        int leftover = elements.size() - (numGroups * perGroup);
        int assigned = 0;
        for (int group = 0; group < numGroups; group++) {
            int numThisGroup = group < leftover ? perGroup + 1 : perGroup;
            result.add(new ArrayList<>(elements.subList(assigned, assigned + numThisGroup)));
            assigned += numThisGroup;
        }
        return result;
    }
}
