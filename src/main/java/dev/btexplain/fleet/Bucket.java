package dev.btexplain.fleet;

import java.util.List;

/**
 * The reports of one signature: how many, when first and last seen (when the reports said), on which versions and how
 * many hosts, and an example (the first source in name order: the same whatever order the reports came in) with its
 * verdict; {@code signature} is the example's (its frames are that report's).
 */
public record Bucket(Signature signature, long count, String firstSeen, String lastSeen, List<String> versions, int hosts,
                     String example, String exampleVerdict) {
    public Bucket {
        versions = List.copyOf(versions);
    }
}
