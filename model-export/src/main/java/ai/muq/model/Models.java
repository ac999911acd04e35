package ai.muq.model;

import ai.djl.ndarray.NDManager;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;

/** Builds parameter stores for the models, with the values that are not learned set right. */
public final class Models {

  private Models() {}

  /** A MuQ (encoder and prediction head) with random weights, deterministic for a seed. */
  public static ParamStore randomMuq(NDManager manager, MuqModel model, long seed) {
    ParamStore store = ParamStore.initialized(manager, model.params(), seed);
    setMelStats(store, model, model.config().melMean(), model.config().melStd());
    return store;
  }

  /** A MuQ-MuLan with random weights, deterministic for a seed. */
  public static ParamStore randomMulan(NDManager manager, MulanModel model, long seed) {
    ParamStore store = ParamStore.initialized(manager, model.params(), seed);
    MuqConfig muq = model.config().muq();
    setMelStats(store, model.audioMuq(), muq.melMean(), muq.melStd());
    store.set(MulanModel.TEMPERATURE, new float[] {(float) Math.log(MulanConfig.INITIAL_TEMPERATURE)});
    return store;
  }

  public static void setMelStats(ParamValues store, MuqModel model, double mean, double std) {
    store.set(model.frontEnd().meanName(), new float[] {(float) mean});
    store.set(model.frontEnd().stdName(), new float[] {(float) std});
  }
}
