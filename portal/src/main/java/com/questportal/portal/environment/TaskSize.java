package com.questportal.portal.environment;

import java.util.ArrayList;
import java.util.List;

/** A task size Fargate runs: CPU units and memory in MiB, as AWS documents the valid pairs. */
public record TaskSize(int cpu, int memory) {

    /** Every pair Fargate accepts for Linux tasks of these CPU sizes; the form offers only these. */
    public static final List<TaskSize> FARGATE = fargate();

    private static List<TaskSize> fargate() {
        List<TaskSize> sizes = new ArrayList<>(List.of(new TaskSize(256, 512), new TaskSize(256, 1024), new TaskSize(256, 2048)));
        for (int memory = 1024; memory <= 4096; memory += 1024) {
            sizes.add(new TaskSize(512, memory));
        }
        for (int memory = 2048; memory <= 8192; memory += 1024) {
            sizes.add(new TaskSize(1024, memory));
        }
        for (int memory = 4096; memory <= 16384; memory += 1024) {
            sizes.add(new TaskSize(2048, memory));
        }
        for (int memory = 8192; memory <= 30720; memory += 1024) {
            sizes.add(new TaskSize(4096, memory));
        }
        return List.copyOf(sizes);
    }

    static boolean runsOnFargate(Integer cpu, Integer memory) {
        return cpu != null && memory != null && FARGATE.contains(new TaskSize(cpu, memory));
    }

    /** The form's value for this size, e.g. {@code 256/512}. */
    public String key() {
        return cpu + "/" + memory;
    }

    /** In the operator's words, e.g. "0.25 vCPU · 0.5 GB". */
    public String label() {
        return trim(cpu / 1024.0) + " vCPU · " + trim(memory / 1024.0) + " GB";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
