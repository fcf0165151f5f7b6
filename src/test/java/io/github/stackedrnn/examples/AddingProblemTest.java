package io.github.stackedrnn.examples;

import io.github.stackedrnn.examples.AddingProblem.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AddingProblemTest {

    @ParameterizedTest
    @EnumSource(Placement.class)
    void everySequence_hasExactlyTwoMarkers_andItsTargetIsTheirSum(Placement placement) {
        int samples = 2000;
        int time = 50;
        AddingProblem.Data data = AddingProblem.generate(samples, time, 7, placement);
        assertThat(data.x().shape()).containsExactly(samples, time, 2);
        assertThat(data.targets()).hasSize(samples);
        float[] x = data.x().toFloatArray();
        int sameHalf = 0;
        for (int s = 0; s < samples; s++) {
            int markers = 0;
            int[] marked = new int[2];
            float sum = 0f;
            for (int t = 0; t < time; t++) {
                float value = x[(s * time + t) * 2 + AddingProblem.VALUE];
                float marker = x[(s * time + t) * 2 + AddingProblem.MARKER];
                assertThat(value).isBetween(0f, 1f);
                assertThat(marker).isIn(0f, 1f);
                if (marker == 1f) {
                    if (markers < 2) {
                        marked[markers] = t;
                    }
                    markers++;
                    sum += value;
                }
            }
            assertThat(markers).as("markers in sequence %d", s).isEqualTo(2);
            assertThat(data.targets()[s]).as("target of sequence %d", s).isEqualTo(sum);
            if (placement == Placement.HALVES) {
                assertThat(marked[0]).isLessThan(time / 2);
                assertThat(marked[1]).isGreaterThanOrEqualTo(time / 2);
            }
            if ((marked[0] < time / 2) == (marked[1] < time / 2)) {
                sameHalf++;
            }
        }
        if (placement == Placement.ANYWHERE) {
            // two distinct steps of 50 fall in the same half with probability 2 * C(25,2) / C(50,2) = 0.49
            assertThat(sameHalf / (double) samples).isCloseTo(0.49, within(0.05));
        } else {
            assertThat(sameHalf).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void predictingOne_scoresTheVarianceOfTheSum(Placement placement) {
        AddingProblem.Data data = AddingProblem.generate(10_000, 100, 1, placement);
        double squares = 0;
        for (float target : data.targets()) {
            squares += (target - 1.0) * (target - 1.0);
        }
        // Var(U1 + U2) = 2 / 12 = 0.1667
        assertThat(squares / data.targets().length).isCloseTo(1.0 / 6.0, within(0.01));
    }

    @Test
    void theSameSeed_givesTheSameData_anotherSeedOther() {
        AddingProblem.Data a = AddingProblem.generate(100, 20, 42);
        AddingProblem.Data b = AddingProblem.generate(100, 20, 42);
        AddingProblem.Data c = AddingProblem.generate(100, 20, 43);
        assertThat(b.x()).isEqualTo(a.x());
        assertThat(b.targets()).containsExactly(a.targets());
        assertThat(c.x()).isNotEqualTo(a.x());
        assertThat(AddingProblem.generate(100, 20, 42, Placement.ANYWHERE).x()).as("the default placement").isEqualTo(a.x());
    }

    @Test
    void shortestSequences_twoSteps_areBothMarked() {
        for (Placement placement : Placement.values()) {
            float[] x = AddingProblem.generate(5, 2, 3, placement).x().toFloatArray();
            for (int s = 0; s < 5; s++) {
                assertThat(x[s * 4 + 1]).isEqualTo(1f);
                assertThat(x[s * 4 + 3]).isEqualTo(1f);
            }
        }
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> AddingProblem.generate(10, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `time`, expected at least 2 steps (two markers), got 1.");
        assertThatThrownBy(() -> AddingProblem.generate(-1, 10, 0))
                .hasMessage("Received an invalid value for argument `samples`, expected a non-negative integer, got -1.");
        assertThatThrownBy(() -> AddingProblem.generate(1_000_000, 10_000, 0))
                .hasMessageContaining("more than one array holds");
        assertThatThrownBy(() -> AddingProblem.generate(1, 10, 0, null))
                .hasMessageContaining("`placement`");
        assertThat(AddingProblem.generate(0, 10, 0).x().shape()).containsExactly(0, 10, 2);
    }
}
