package dev.btexplain.analyze;

/**
 * A fact the analysis records and the report words (report.Words): evidence, what a wait is on, a frame named for a
 * person, the clue that two listings are of two processes. JSON writes each as its words.
 */
public sealed interface Worded permits Evidence, WaitsOn, CallPath.Who, Detail.ProcessClue {
}
