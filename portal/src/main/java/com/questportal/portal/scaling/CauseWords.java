package com.questportal.portal.scaling;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scaling activity's cause, as AWS words it, said the way an operator reads it. */
final class CauseWords {

    private static final Pattern ALARM = Pattern.compile("monitor alarm (\\S+) in state ALARM triggered policy (.+)");
    private static final Pattern BOUND = Pattern.compile("(minimum|maximum) capacity was set to (\\d+)");

    private CauseWords() {
    }

    static String of(String cause) {
        if (cause == null || cause.isBlank()) {
            return "AWS gave no cause.";
        }
        Matcher alarm = ALARM.matcher(cause);
        if (alarm.find()) {
            if (alarm.group(1).contains("-AlarmHigh-")) {
                return "Load stayed above the target of policy " + alarm.group(2) + ", so it added tasks.";
            }
            if (alarm.group(1).contains("-AlarmLow-")) {
                return "Load stayed well below the target of policy " + alarm.group(2) + ", so it removed tasks.";
            }
            return "Alarm " + alarm.group(1) + " triggered policy " + alarm.group(2) + ".";
        }
        Matcher bound = BOUND.matcher(cause);
        if (bound.find()) {
            return "The " + bound.group(1) + " number of tasks became " + bound.group(2) + ", so the service was brought within it.";
        }
        return cause;
    }
}
