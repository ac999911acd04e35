package ai.muq.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Builds English and Chinese captions of a composed clip from its labels. Several templates per
 * language; which ones a clip gets is drawn from its seed, so captions vary across the corpus
 * while every word stays true to the labels.
 */
public final class Captions {

  /** Captions per language written for each clip. */
  public static final int PER_LANGUAGE = 2;

  private static final Map<String, String> MOOD_ZH =
      Map.ofEntries(
          Map.entry("happy", "欢快"), Map.entry("energetic", "充满活力"), Map.entry("upbeat", "轻快"),
          Map.entry("bright", "明亮"), Map.entry("cheerful", "愉悦"), Map.entry("calm", "平静"),
          Map.entry("peaceful", "安宁"), Map.entry("relaxing", "放松"), Map.entry("dark", "阴暗"),
          Map.entry("tense", "紧张"), Map.entry("melancholic", "忧郁"), Map.entry("mysterious", "神秘"),
          Map.entry("sad", "悲伤"), Map.entry("dreamy", "梦幻"), Map.entry("powerful", "有力"),
          Map.entry("danceable", "适合跳舞"), Map.entry("groovy", "富有律动"), Map.entry("elegant", "优雅"),
          Map.entry("warm", "温暖"));
  private static final Map<String, String> TEMPO_ZH =
      Map.of("slow", "慢速", "medium", "中速", "fast", "快速");

  private Captions() {}

  private record Facts(Composition c) {
    String style() {
      return c.style().label();
    }

    String lead() {
      return c.lead().label();
    }

    List<String> moods() {
      return c.moods();
    }

    List<String> others() {
      return c.instruments().subList(1, c.instruments().size());
    }

    String leadZh() {
      return c.lead().chinese();
    }

    List<String> othersZh() {
      List<String> names = new ArrayList<>();
      names.add(c.accompaniment().chinese());
      c.bass().map(GmInstrument::chinese).filter(n -> !names.contains(n)).ifPresent(names::add);
      if (c.hasDrums()) {
        names.add("鼓");
      }
      names.remove(leadZh());
      return names;
    }

    String moodZh(int i) {
      return MOOD_ZH.get(moods().get(Math.min(i, moods().size() - 1)));
    }
  }

  private static final List<Function<Facts, String>> ENGLISH =
      List.of(
          f -> capitalize(article(f.moods().get(0)) + " " + f.moods().get(0) + " " + f.style()
              + " piece in " + f.c.key() + " " + f.c.mode().label() + " at " + f.c.bpm()
              + " BPM, led by " + article(f.lead()) + " " + f.lead() + "."),
          f -> capitalize(f.style()) + " music featuring " + f.lead() + " with "
              + join(f.others(), "and") + ", a " + f.c.tempoBucket() + " tempo and a "
              + f.moods().get(0) + " mood.",
          f -> "An instrumental " + f.style() + " track: " + article(f.lead()) + " " + f.lead()
              + " melody over " + join(f.others(), "and") + ", " + f.moods().get(0) + " and "
              + f.moods().get(Math.min(1, f.moods().size() - 1)) + ".",
          f -> capitalize(f.moods().get(0)) + ", " + f.c.tempoBucket() + " " + f.style()
              + " in a " + f.c.mode().label() + " key with " + join(f.c.families(), "and")
              + ".",
          f -> "This " + f.c.tempoBucket() + " " + f.style() + " tune has " + article(f.lead())
              + " " + f.lead() + " carrying the melody"
              + (f.c.hasDrums() ? " over a steady drum beat." : " with no drums."),
          f -> capitalize(article(f.lead())) + " " + f.lead() + " plays a " + f.moods().get(0)
              + " melody in " + f.c.key() + " " + f.c.mode().label() + " over " + f.style()
              + " backing at " + f.c.bpm() + " BPM.");

  private static final List<Function<Facts, String>> CHINESE =
      List.of(
          f -> "一首" + f.moodZh(0) + "的" + f.c.style().chinese() + "乐曲，" + f.c.key()
              + f.c.mode().chinese() + "，每分钟" + f.c.bpm() + "拍，由" + f.leadZh() + "主奏。",
          f -> TEMPO_ZH.get(f.c.tempoBucket()) + "的" + f.c.style().chinese() + "音乐，"
              + f.leadZh() + "演奏旋律，" + (f.othersZh().isEmpty() ? "" : "伴有" + String.join("、", f.othersZh()) + "，")
              + "整体氛围" + f.moodZh(0) + "。",
          f -> "这段" + f.c.style().chinese() + "器乐以" + f.leadZh() + "为主，" + f.moodZh(0)
              + "而" + f.moodZh(1) + "。",
          f -> f.moodZh(0) + "的" + TEMPO_ZH.get(f.c.tempoBucket()) + f.c.style().chinese()
              + "，配器包括" + String.join("、", f.c.families().stream().map(Captions::familyZh).toList())
              + "。",
          f -> f.leadZh() + "在" + f.c.style().chinese() + "伴奏上奏出" + f.moodZh(0) + "的旋律，调性为"
              + f.c.key() + f.c.mode().chinese() + (f.c.hasDrums() ? "，有鼓点。" : "，没有鼓。"));

  /** {@code {"en": [...], "zh": [...]}} with {@link #PER_LANGUAGE} distinct captions each. */
  public static Map<String, List<String>> write(Composition composition, SplittableRandom rng) {
    Facts facts = new Facts(composition);
    Map<String, List<String>> captions = new LinkedHashMap<>();
    captions.put("en", pickDistinct(ENGLISH, facts, rng));
    captions.put("zh", pickDistinct(CHINESE, facts, rng));
    return captions;
  }

  private static List<String> pickDistinct(
      List<Function<Facts, String>> templates, Facts facts, SplittableRandom rng) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      order.add(i);
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < PER_LANGUAGE; k++) {
      int j = k + rng.nextInt(order.size() - k);
      Integer t = order.get(j);
      order.set(j, order.get(k));
      order.set(k, t);
      out.add(templates.get(t).apply(facts));
    }
    return out;
  }

  private static String familyZh(String family) {
    return InstrumentFamily.valueOf(family.toUpperCase(java.util.Locale.ROOT)).chinese();
  }

  private static String article(String word) {
    return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String join(List<String> words, String conjunction) {
    if (words.isEmpty()) {
      return "nothing else";
    }
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " " + conjunction + " "
        + words.get(words.size() - 1);
  }
}
