package ai.muq.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The licence of a release as its HuggingFace model card (README.md front matter) states it. */
class ModelCardTest {

  @Test
  void scalarLicenceInSpdxSpellingWithTheDatasets() {
    ModelCard card = ModelCard.parse("""
        ---
        license: cc-by-nc-4.0
        tags:
          - music
        datasets: [msd, "mtg-jamendo"]
        ---
        # MuQ-MuLan
        license: mit
        """).orElseThrow();
    assertThat(card.license()).isEqualTo("CC-BY-NC-4.0");
    assertThat(card.datasets()).containsExactly("msd", "mtg-jamendo");
    assertThat(card.notes("muq-mulan-large"))
        .isEqualTo("licence CC-BY-NC-4.0 as stated by the model card of muq-mulan-large;"
            + " training data named there: msd, mtg-jamendo");
  }

  @Test
  void blockListQuotesAndComments() {
    ModelCard card = ModelCard.parse("\n---\nlicense:\n  - 'apache-2.0' # code and weights\n  - mit\n---\n")
        .orElseThrow();
    assertThat(card.license()).isEqualTo("Apache-2.0");
    assertThat(card.datasets()).isEmpty();
    assertThat(card.link()).isNull();
  }

  @Test
  void otherLicenceTakesItsNameAndLink() {
    ModelCard card = ModelCard.parse("""
        ---
        license: other
        license_name: my-research-licence
        license_link: https://example.org/licence
        ---
        """).orElseThrow();
    assertThat(card.license()).isEqualTo("my-research-licence");
    assertThat(card.notes("x")).contains("(https://example.org/licence)");
  }

  @Test
  void unknownIdsStayAsWrittenAndNestedKeysAreNotTopLevel() {
    assertThat(ModelCard.parse("---\nlicense: llama3.1\n---\n").orElseThrow().license()).isEqualTo("llama3.1");
    assertThat(ModelCard.parse("---\nmodel-index:\n  license: mit\n---\n")).isEmpty();
  }

  @Test
  void noFrontMatterOrNoCardIsEmpty(@TempDir Path dir) throws Exception {
    assertThat(ModelCard.parse("# A model\nlicense: mit\n")).isEmpty();
    assertThat(ModelCard.read(dir)).isEmpty();
    Files.writeString(dir.resolve("README.md"), "---\nlicense: MIT\n---\n");
    assertThat(ModelCard.read(dir).orElseThrow().license()).isEqualTo("MIT");
  }
}
