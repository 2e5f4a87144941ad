package dev.btexplain.knowledge;

import java.util.List;

/**
 * A process-level check from {@code knowledge/checks.json}. Exactly one condition is set: roles that must be
 * missing, a frame inside a role, or symbol coverage below a share.
 *
 * @param id           stable id, cited as evidence
 * @param pack         the knowledge pack it comes from: it applies to processes that pack applies to
 * @param missingRoles fires when no thread has any of these roles
 * @param role         with {@code frame}: fires for a thread of this role that has this frame
 * @param frame        see {@code role}
 * @param belowPercent fires when fewer frames than this share have a name
 * @param notNormal    the finding is something wrong, not only an observation; for a role and frame (a hang
 *                     pattern), the thread waits synchronously inside work: the same stack in consecutive
 *                     samples means it is stuck
 * @param text         the sentence, with {placeholders}
 * @param source       "owner/repo: path" that shows it
 * @param unlessPrograms programs of the pack (pack.json's programs) the check does not apply to: QEMU's "no vCPU
 *                     thread" is no finding in qemu-img
 */
public record ProcessCheck(String id, String pack, List<String> missingRoles, String role, String frame,
                           Integer belowPercent, boolean notNormal, String text, String source, List<String> unlessPrograms) {
    public ProcessCheck {
        missingRoles = List.copyOf(missingRoles);
        unlessPrograms = List.copyOf(unlessPrograms);
    }
}
