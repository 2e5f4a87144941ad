package dev.btexplain.knowledge;

import java.util.Map;
import java.util.function.Function;

/**
 * Reading a cache that several workers share. A hit is a plain get: {@code ConcurrentHashMap.computeIfAbsent} locks
 * the key's bin even when the key is there (unless it is the bin's first), and a fleet's two workers asking for the same
 * few thousand names spent a twentieth of their time there.
 */
public final class SharedCache {
    private SharedCache() {
    }

    /** The cached value of {@code key}, computed once when absent. */
    public static <K, V> V get(Map<K, V> cache, K key, Function<? super K, ? extends V> compute) {
        V v = cache.get(key);
        return v != null ? v : cache.computeIfAbsent(key, compute);
    }
}
