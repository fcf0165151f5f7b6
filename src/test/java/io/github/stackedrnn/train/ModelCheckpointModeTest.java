package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ModelCheckpoint takes MonitorMode; the deprecated ModelCheckpoint.Mode still compiles and means the same. */
class ModelCheckpointModeTest {
    private static final Path PATH = Path.of("best.srnn");

    @Test
    void monitorMode_autoIsResolvedByTheMetricsName() {
        assertThat(ModelCheckpoint.builder(PATH).saveBestOnly("val_accuracy", MonitorMode.AUTO).build().monitorMode())
                .isEqualTo(MonitorMode.MAX);
        assertThat(ModelCheckpoint.builder(PATH).saveBestOnly("val_loss", MonitorMode.AUTO).build().monitorMode())
                .isEqualTo(MonitorMode.MIN);
        assertThat(ModelCheckpoint.builder(PATH).saveBestOnly("val_loss", MonitorMode.MAX).build().monitorMode())
                .isEqualTo(MonitorMode.MAX);
        assertThat(ModelCheckpoint.builder(PATH).everyEpochs(2).build().monitorMode()).isEqualTo(MonitorMode.AUTO);
        assertThatThrownBy(() -> ModelCheckpoint.builder(PATH).saveBestOnly("val_loss", (MonitorMode) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected MIN, MAX or AUTO, got null");
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedMode_buildsTheSameCheckpoint_andReadsBack() {
        for (ModelCheckpoint.Mode old : ModelCheckpoint.Mode.values()) {
            MonitorMode same = MonitorMode.valueOf(old.name());
            ModelCheckpoint a = ModelCheckpoint.builder(PATH).saveBestOnly("accuracy", old).build();
            ModelCheckpoint b = ModelCheckpoint.builder(PATH).saveBestOnly("accuracy", same).build();
            assertThat(a).isEqualTo(b);
            assertThat(a.monitorMode()).isEqualTo(old == ModelCheckpoint.Mode.MIN ? MonitorMode.MIN : MonitorMode.MAX);
            assertThat(a.mode().name()).isEqualTo(a.monitorMode().name());
        }
        assertThatThrownBy(() -> ModelCheckpoint.builder(PATH).saveBestOnly("val_loss", (ModelCheckpoint.Mode) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got null");
    }
}
