package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExampleArgsTest {

    @Test
    void parse_separateWords_likeAPlainJavaCommand() {
        ExampleArgs args = ExampleArgs.parse(new String[] {"--epochs", "3", "--data", "/tmp/x"}, "epochs", "seeds", "data");
        assertThat(args.positiveInt("epochs", 40)).isEqualTo(3);
        assertThat(args.positiveInt("seeds", 5)).isEqualTo(5);
        assertThat(args.path("data", Path.of("d"))).isEqualTo(Path.of("/tmp/x"));
        assertThat(args.has("seeds")).isFalse();
    }

    @Test
    void parse_oneStringWithSpaces_likeMavensExampleArgs() {
        ExampleArgs args = ExampleArgs.parse(new String[] {" --epochs 3   --seeds 2 "}, "epochs", "seeds");
        assertThat(args.positiveInt("epochs", 40)).isEqualTo(3);
        assertThat(args.positiveInt("seeds", 5)).isEqualTo(2);
    }

    @Test
    void parse_emptyString_whenMavenPassesNoOptions() {
        ExampleArgs args = ExampleArgs.parse(new String[] {""}, "epochs");
        assertThat(args.positiveInt("epochs", 40)).isEqualTo(40);
        assertThat(ExampleArgs.parse(new String[0], "epochs").has("epochs")).isFalse();
    }

    @Test
    void parse_unknownOption() {
        assertThatThrownBy(() -> ExampleArgs.parse(new String[] {"--epoch", "3"}, "epochs", "seeds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown option --epoch; options: --epochs, --seeds");
    }

    @Test
    void parse_missingValue() {
        assertThatThrownBy(() -> ExampleArgs.parse(new String[] {"--epochs", "--seeds", "2"}, "epochs", "seeds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Option --epochs needs a value");
        assertThatThrownBy(() -> ExampleArgs.parse(new String[] {"--epochs"}, "epochs"))
                .hasMessage("Option --epochs needs a value");
    }

    @Test
    void parse_twice() {
        assertThatThrownBy(() -> ExampleArgs.parse(new String[] {"--epochs 1 --epochs 2"}, "epochs"))
                .hasMessage("Option --epochs was given twice");
    }

    @Test
    void parse_strayWord() {
        assertThatThrownBy(() -> ExampleArgs.parse(new String[] {"3"}, "epochs"))
                .hasMessage("Expected an option such as --epochs but got '3'; options: --epochs");
    }

    @Test
    void positiveInt_notANumber() {
        ExampleArgs args = ExampleArgs.parse(new String[] {"--epochs ten --seeds 0"}, "epochs", "seeds");
        assertThatThrownBy(() -> args.positiveInt("epochs", 1))
                .hasMessage("Option --epochs expects a positive integer, got 'ten'");
        assertThatThrownBy(() -> args.positiveInt("seeds", 1))
                .hasMessage("Option --seeds expects a positive integer, got '0'");
    }
}
