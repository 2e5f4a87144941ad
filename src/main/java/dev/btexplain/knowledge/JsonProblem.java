package dev.btexplain.knowledge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** What is wrong with a JSON file a user wrote, in one line: where, and Jackson's words without its own location notes. */
public final class JsonProblem {
    private JsonProblem() {
    }

    /** "FILE: not valid JSON (line L, column C): what Jackson found". */
    public static String of(String file, JsonProcessingException e) {
        String said = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage().lines().findFirst().orElse("");
        // "expected close marker for Object (start marker at [Source: REDACTED ...; line: 1, column: 1])": the source is
        // never shown (the reader was given bytes), so the note says nothing the line and column do not
        int note = said.indexOf(" (start marker at ");
        said = note < 0 ? said : said.substring(0, note);
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return file + ": not valid JSON" + where + ": " + said;
    }
}
