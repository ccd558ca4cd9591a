package org.apache.kafka.connect.data;
public class Field {
    public String name() { throw new UnsupportedOperationException(); }
    public int index() { throw new UnsupportedOperationException(); }
    public Schema schema() { throw new UnsupportedOperationException(); }
}
