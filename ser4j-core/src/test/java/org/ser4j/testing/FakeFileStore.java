package org.ser4j.testing;

import java.nio.file.FileStore;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;

/** A file store reporting a chosen usable space: a nearly full disk without filling one. */
public final class FakeFileStore extends FileStore {

    private final long usable;

    public FakeFileStore(long usableBytes) {
        this.usable = usableBytes;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String type() {
        return "fakefs";
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public long getTotalSpace() {
        return usable;
    }

    @Override
    public long getUsableSpace() {
        return usable;
    }

    @Override
    public long getUnallocatedSpace() {
        return usable;
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return false;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return false;
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    @Override
    public Object getAttribute(String attribute) {
        throw new UnsupportedOperationException(attribute);
    }

    @Override
    public String toString() {
        return "fake disk";
    }
}
