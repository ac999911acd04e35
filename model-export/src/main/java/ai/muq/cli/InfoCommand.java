package ai.muq.cli;

import ai.muq.model.ModelConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code info}: parameter counts per part of a named configuration. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Prints parameter counts per model part.")
public final class InfoCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Named configuration: tiny, small, base, large.")
  String config;

  @Override
  public Integer call() {
    ModelConfig cfg = ModelConfig.named(config);
    MuqModel muq = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
    MulanModel mulan = new MulanModel(cfg);
    System.out.println("config " + cfg.name() + ": " + cfg.muq() + " " + cfg.mulan());
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("MuQ conv front (Conv2dSubsampling)", count(muq.subsampling().params()));
    long conformer = 0;
    for (int i = 0; i < cfg.muq().layers(); i++) {
      conformer += count(muq.layer(i).params());
    }
    rows.put("MuQ Conformer (" + cfg.muq().layers() + " layers + final norm)", conformer + 2L * cfg.muq().dim());
    rows.put("MuQ encoder total", count(muq.encoderParams()));
    rows.put("MuQ prediction head", count(muq.head().params()));
    rows.put("MuQ total (pre-training)", muq.parameterCount());
    rows.put("MuLan audio tower above MuQ", count(mulan.audioParams()) - count(mulan.audioMuq().encoderParams()));
    rows.put("MuLan text head (backbone excluded)", count(mulan.textParams()));
    rows.put("MuQ-MuLan total (backbone excluded)", mulan.parameterCount());
    rows.forEach((k, v) -> System.out.printf("  %-45s %,15d  (%.1f M)%n", k, v, v / 1e6));
    return 0;
  }

  private static long count(List<ParamSpec> params) {
    return params.stream().filter(ParamSpec::trainable).mapToLong(ParamSpec::size).sum();
  }

}
