package org.apache.kafka.connect.data;
public class Struct {
    public Schema schema() { throw new UnsupportedOperationException(); }
    public Object get(Field field) { throw new UnsupportedOperationException(); }
}
