package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fargate's table of CPU and memory pairs for Linux tasks, and how the form shows them. */
class TaskSizeTests {

    @Test
    void theTableHasFargatesFiftyPairsOnceEach() {
        assertThat(TaskSize.FARGATE).hasSize(3 + 4 + 7 + 13 + 23).doesNotHaveDuplicates();
        assertThat(TaskSize.FARGATE.get(0)).isEqualTo(new TaskSize(256, 512));
        assertThat(TaskSize.FARGATE.get(TaskSize.FARGATE.size() - 1)).isEqualTo(new TaskSize(4096, 30720));
    }

    @ParameterizedTest
    @CsvSource({"256,512,true", "256,2048,true", "256,4096,false", "512,4096,true", "512,5120,false", "1024,8192,true",
            "2048,16384,true", "2048,3072,false", "4096,8192,true", "4096,9216,true", "4096,30720,true", "4096,31744,false",
            "8192,16384,false", "300,512,false"})
    void fargateRunsOnlyThePairsOfItsTable(int cpu, int memory, boolean runs) {
        assertThat(TaskSize.runsOnFargate(cpu, memory)).isEqualTo(runs);
    }

    @Test
    void aMissingHalfIsNoSize() {
        assertThat(TaskSize.runsOnFargate(null, 512)).isFalse();
        assertThat(TaskSize.runsOnFargate(256, null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"256,512,256/512,0.25 vCPU · 0.5 GB", "1024,3072,1024/3072,1 vCPU · 3 GB", "4096,30720,4096/30720,4 vCPU · 30 GB",
            "512,1024,512/1024,0.5 vCPU · 1 GB"})
    void theFormsValueAndTheOperatorsWords(int cpu, int memory, String key, String label) {
        assertThat(new TaskSize(cpu, memory).key()).isEqualTo(key);
        assertThat(new TaskSize(cpu, memory).label()).isEqualTo(label);
    }
}
