#define G_LOG_DOMAIN "zb-extractor"
/* memmem: the words around a figure are searched for many times, and it is far faster than a
 * byte-by-byte loop. */
#define _GNU_SOURCE

#include "config.h"

#include "zb-extractor.h"
#include "zb-text-private.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-report.h"
#include "zb-units.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Words
 *
 * The extractor reads a figure from the words around it. The lists below are the vocabulary of
 * the genre; longer words come before their prefixes where both are listed.
 * ------------------------------------------------------------------------------------------- */

/* Ends a clause: the unit of text a figure's subject and measure are read from. */
static const char *const clause_ends[] = {
  "，", "；", "。", "：", "！", "？", ",", ";", ":", "!", "?", "\n",
};

/* Joins the numbers of one list or range: "21.9%、25.4%", "3—5个". */
static const char *const list_joins[] = { "、", "和", "及", "与", "或", " ", "\u3000" };
static const char *const range_joins[] = { "——", "—", "－", "-", "～", "~", "至", "到" };

/* Qualifiers before a number, anywhere in its clause. */
static const char *const pre_qualifiers[] = {
  "力争", "确保", "争取", "不低于", "不少于", "不超过", "不高于", "超过", "突破", "达到",
  "控制在", "保持在", "稳定在", "累计", "年均", "接近", "高于", "低于",
};
/* Qualifiers that bind a whole clause; the others stand right before the number. */
static const char *const clause_qualifiers[] = { "力争", "确保", "争取", "累计", "年均" };
/* Single characters that are qualifiers only right before the number ("约" is also in 签约). */
static const char *const adjacent_qualifiers[] = { "约", "近", "超", "达", "逾" };
static const char *const linking_words[] = { "为", "占", "有" };
/* …written as their two-character forms, so that one hedge has one spelling. */
static const char *const adjacent_qualifier_names[] = { "约", "近", "超过", "达到", "超过" };
/* Qualifiers right after the unit. */
static const char *const post_qualifiers[] = { "以上", "左右", "以内", "以下", "上下" };

/* A goal, wherever it stands; "要" and "将" count only outside a review. */
static const char *const target_words[] = {
  "目标", "力争", "预期", "计划", "确保", "争取", "拟", "预计",
};
static const char *const weak_target_words[] = { "要", "将" };
static const char *const weak_target_false[] = {
  "主要", "重要", "需要", "必要", "要求", "要素", "纲要", "摘要", "将军", "即将", "将近",
};

static const char *const review_title_words[] = { "回顾", "过去", "成绩", "总结" };
static const char *const plan_title_words[] = {
  "重点工作", "任务", "目标", "总体要求", "政策取向", "计划", "安排", "部署", "展望",
};

static const char *const growth_words[] = {
  "增长", "增速", "增幅", "下降", "上涨", "涨幅", "降低", "减少", "提高", "提升", "回升",
  "增加", "上升", "降幅", "回落", "提标",
};
/* A cut of a budget by a per cent is a change of it. */
static const char *const cut_words[] = { "压减", "缩减", "压缩" };
/* "提高到66.2%" is the level reached, not the growth. */
static const char *const level_reached_words[] = {
  "提高到", "提高至", "提升到", "提升至", "增至", "增长到", "降至", "降到", "下降到", "达到",
};
static const char *const share_words[] = { "占比", "比重", "比例", "份额", "占" };
static const char *const change_words[] = { "新增", "净增", "增加", "减少", "上升", "提高" };

/* Stripped from the start of a subject; the verbs among them say what was done, not what. */
static const char *const subject_lead_words[] = {
  "——", "其中", "全年", "全市", "今年", "积极", "加快", "大力", "全力", "持续", "深入", "着力",
  "扎实", "稳步", "有序", "全面", "进一步", "滚动", "拟安排", "拟", "去年", "当年", "我市", "本市", "我们",
  "同比", "比上年", "较上年", "前三季度", "一季度", "二季度", "三季度", "四季度", "上半年",
  "下半年", "力争", "确保", "争取", "预计", "累计", "共计", "合计", "同时", "以及",
  "、", "年均",
};
static const char *const subject_verbs[] = {
  "新改扩建", "新改建", "新开工", "新签约", "新开业", "开工建设", "建成投产", "新增", "净增",
  "新建", "建成", "完成", "实现", "实施", "打造", "开通", "举办", "设立", "发放", "认定",
  "入选", "获批", "开工", "签约", "培育", "引进", "推动", "推进", "建设", "创建", "组建",
  "支持", "更新", "开业", "惠及", "整治", "整理", "办理", "推出", "接待", "筹集", "改造",
  "新开", "组织", "开展", "启动", "提请", "制定", "帮扶", "安装", "修复", "遴选", "续建",
  "规划", "优化", "提档升级", "做强", "打通", "发布", "聚焦", "消除", "建好", "完工",
  "增发", "发行", "重组", "做优", "提供", "出台", "落实", "安排", "实施",
};
/* Stripped from the end of a subject: measure and qualifier words. */
static const char *const subject_tail_words[] = {
  "分别", "同比", "比上年", "较上年", "增长", "增速", "增幅", "增加", "增至", "下降", "降低",
  "降至", "减少", "提高到", "提高", "提升到", "提升至", "提升", "上涨", "上升", "回升", "达到",
  "达", "超过", "超", "突破", "约", "近", "为", "是", "占比", "年均", "平均", "累计", "合计",
  "总计", "首次", "到", "至", "在", "的", "了", "新增", "净增", "控制在", "保持在", "稳定在",
  "不低于", "不少于", "不超过", "高于", "低于", "等", "各", "仅", "共", "第", "逾", "接近",
  "拟按", "按", "拟安排", "拟", "、", "和", "及", "与", "占",
};
/* Words that open a predicate: a noun after the number stops before them ("13家全国重点实验室
 *获批重组"). Verbs that also end nouns (改造, 建设, 创建) are not among them. */
static const char *const predicate_words[] = {
  "获批", "建成", "投用", "开通", "开工", "组建", "落户", "完成", "全面", "加快", "有力", "有序",
  "稳步", "持续", "顺利", "基本", "相继", "陆续", "均",
};

/* The words in which a qualifier's character means something else: 签约, 最近, 发达. */
static const struct
{
  const char *qualifier;
  const char *before;
} qualifier_false_before[] = {
  { "约", "签" }, { "约", "节" }, { "约", "制" }, { "约", "预" }, { "约", "集" }, { "约", "公" },
  { "约", "条" }, { "约", "契" }, { "约", "履" }, { "近", "最" }, { "近", "附" }, { "近", "就" },
  { "近", "临" }, { "近", "将" }, { "近", "接" }, { "近", "邻" }, { "超", "高" }, { "达", "发" },
  { "达", "到" }, { "达", "抵" }, { "达", "送" }, { "达", "表" }, { "达", "通" }, { "达", "下" },
  { "达", "传" }, { "达", "直" },
};

/* A first guess of an indicator's theme from its subject; the more specific words first. */
static const struct
{
  const char *word;
  const char *theme;
} theme_words[] = {
  { "生产总值", "economy" }, { "GDP", "economy" }, { "经济增速", "economy" },
  { "经营主体", "economy" }, { "四上", "economy" }, { "市场主体", "economy" },
  { "财政", "finance" }, { "预算", "finance" }, { "赤字", "finance" }, { "债", "finance" },
  { "贷款", "finance" }, { "金融", "finance" }, { "融资", "finance" }, { "上市", "finance" },
  { "基金", "finance" }, { "减税", "finance" }, { "税费", "finance" }, { "纳税", "finance" },
  { "外贸", "opening-up" }, { "进出口", "opening-up" }, { "外资", "opening-up" },
  { "跨境", "opening-up" }, { "境外", "opening-up" }, { "口岸", "opening-up" },
  { "进口", "opening-up" }, { "出口", "opening-up" }, { "自贸", "opening-up" },
  { "消费", "consumption" }, { "零售", "consumption" }, { "游客", "consumption" },
  { "旅游", "consumption" }, { "商业", "consumption" }, { "首店", "consumption" },
  { "演出", "consumption" }, { "夜间", "consumption" }, { "景区", "consumption" },
  { "数字", "digital" }, { "算力", "digital" }, { "软件", "digital" }, { "互联网", "digital" },
  { "5G", "digital" }, { "智能", "digital" }, { "数据", "digital" },
  { "科技", "innovation" }, { "科学", "innovation" }, { "创新", "innovation" },
  { "专利", "innovation" }, { "研发", "innovation" }, { "技术", "innovation" },
  { "实验室", "innovation" }, { "高新", "innovation" }, { "孵化", "innovation" },
  { "人才", "innovation" }, { "技能", "innovation" }, { "专精特新", "industry" },
  { "地铁", "transport" }, { "轨道", "transport" }, { "道路", "transport" },
  { "公路", "transport" }, { "机场", "transport" }, { "港", "transport" }, { "航线", "transport" },
  { "铁路", "transport" }, { "公交", "transport" }, { "停车", "transport" }, { "充电", "transport" },
  { "换电", "transport" }, { "物流", "transport" }, { "集装箱", "transport" },
  { "路网", "transport" }, { "断头路", "transport" }, { "微循环", "transport" },
  { "生态", "environment" }, { "污水", "environment" }, { "污染", "environment" },
  { "排放", "environment" }, { "能耗", "environment" }, { "碳", "environment" },
  { "绿", "environment" }, { "水质", "environment" }, { "空气", "environment" },
  { "公园", "environment" }, { "垃圾", "environment" }, { "能源", "environment" },
  { "光伏", "environment" }, { "林", "environment" }, { "无废", "environment" },
  { "排水", "environment" }, { "泵站", "environment" }, { "调蓄", "environment" },
  { "PM", "environment" }, { "装机", "environment" },
  { "粮食", "agriculture" }, { "农", "agriculture" }, { "乡村", "agriculture" },
  { "村", "agriculture" }, { "种养", "agriculture" },
  { "就业", "livelihood" }, { "收入", "livelihood" }, { "教育", "livelihood" },
  { "学校", "livelihood" }, { "学位", "livelihood" }, { "幼儿园", "livelihood" },
  { "中小学", "livelihood" }, { "大学生", "livelihood" }, { "毕业生", "livelihood" },
  { "医", "livelihood" }, { "卫生", "livelihood" }, { "养老", "livelihood" },
  { "老年", "livelihood" }, { "住房", "livelihood" }, { "社保", "livelihood" },
  { "社会保险", "livelihood" }, { "低保", "livelihood" }, { "托育", "livelihood" },
  { "托位", "livelihood" }, { "儿童", "livelihood" }, { "残疾", "livelihood" },
  { "体育", "livelihood" }, { "健身", "livelihood" }, { "文化", "livelihood" },
  { "书房", "livelihood" }, { "观影", "livelihood" }, { "民生", "livelihood" },
  { "价格", "livelihood" }, { "失业", "livelihood" }, { "驿站", "livelihood" },
  { "城镇化", "urban" }, { "城市", "urban" }, { "小区", "urban" }, { "管网", "urban" },
  { "管廊", "urban" }, { "燃气", "urban" }, { "公厕", "urban" }, { "更新", "urban" },
  { "井盖", "urban" }, { "架空线", "urban" }, { "街", "urban" }, { "棚户区", "urban" },
  { "海绵", "urban" }, { "议案", "governance" }, { "建议", "governance" },
  { "提案", "governance" }, { "法规", "governance" }, { "规章", "governance" },
  { "改革", "governance" }, { "营商", "governance" }, { "事项", "governance" },
  { "经费", "governance" }, { "支出", "governance" },
  { "服务业", "services" }, { "会展", "services" }, { "总部", "services" },
  { "楼宇", "services" }, { "供应链", "services" }, { "活动", "services" },
  { "投资", "investment" }, { "项目", "investment" }, { "亿元", "investment" },
  { "工业", "industry" }, { "制造", "industry" }, { "产业", "industry" }, { "企业", "industry" },
  { "汽车", "industry" }, { "工厂", "industry" }, { "园区", "industry" },
};

/* ---------------------------------------------------------------------------------------------
 * Text helpers
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  const char *text;
  gsize       len;
  gsize       text_start;
} Text;

static gboolean
at (const Text *t,
    gsize       pos,
    const char *word)
{
  return zb_text_has_prefix_at (t->text, t->len, pos, word);
}

/* Length of the first word of words written at pos, or 0. */
static gsize
at_any (const Text        *t,
        gsize              pos,
        const char *const *words,
        guint              n_words)
{
  return zb_text_any_at (t->text, t->len, pos, words, n_words);
}

/* Length of the first word of words that ends exactly at pos (not before limit), or 0. */
static gsize
ends_with_any (const Text        *t,
               gsize              limit,
               gsize              pos,
               const char *const *words,
               guint              n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      gsize n = strlen (words[i]);

      if (pos >= limit + n && memcmp (t->text + pos - n, words[i], n) == 0)
        return n;
    }
  return 0;
}

/* Does [start, end) contain word? */
static gboolean
contains (const Text *t,
          gsize       start,
          gsize       end,
          const char *word)
{
  return end > start && memmem (t->text + start, end - start, word, strlen (word)) != NULL;
}

/* The first occurrence of word in [start, end), or G_MAXSIZE. */
static gsize
find_word (const Text *t,
           gsize       start,
           gsize       end,
           const char *word)
{
  const char *hit;

  if (end <= start)
    return G_MAXSIZE;
  hit = memmem (t->text + start, end - start, word, strlen (word));
  return hit != NULL ? (gsize) (hit - t->text) : G_MAXSIZE;
}

static gboolean
contains_any (const Text        *t,
              gsize              start,
              gsize              end,
              const char *const *words,
              guint              n_words)
{
  for (guint i = 0; i < n_words; i++)
    if (contains (t, start, end, words[i]))
      return TRUE;
  return FALSE;
}

static gunichar
char_before (const Text *t,
             gsize       pos)
{
  const char *prev;

  if (pos <= t->text_start)
    return 0;
  prev = g_utf8_find_prev_char (t->text + t->text_start, t->text + pos);
  return prev != NULL ? g_utf8_get_char (prev) : 0;
}

static gunichar
char_at (const Text *t,
         gsize       pos)
{
  return pos < t->len ? g_utf8_get_char (t->text + pos) : 0;
}

static gsize
next_char (const Text *t,
           gsize       pos)
{
  return (gsize) (g_utf8_next_char (t->text + pos) - t->text);
}

static gboolean
is_ascii_letter (gunichar c)
{
  return c < 128 && g_ascii_isalpha ((char) c);
}

/* How far the words around a figure are read: far beyond any real sentence, and a bound that
 * keeps a pathological text (10 MB without a full stop) linear. */
#define ZB_WINDOW 1536

static gsize
scan_from (const Text *t,
           gsize       limit,
           gsize       offset)
{
  gsize from;

  if (offset < limit + ZB_WINDOW)
    return limit;
  from = offset - ZB_WINDOW;
  while (from < offset && ((guchar) t->text[from] & 0xC0) == 0x80)
    from++;
  return from;
}

static char *
dup_range (const Text *t,
           gsize       start,
           gsize       end)
{
  return g_strndup (t->text + start, end > start ? end - start : 0);
}

/* ---------------------------------------------------------------------------------------------
 * Tokens: every number with the words that belong to it
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  ZbNumber          num;
  const ZbUnitInfo *unit;
  gsize             unit_end;     /* end of the unit, or num.end when there is none */
  gsize             end;          /* end of unit and trailing qualifiers */
  const char       *approx;       /* 余 or 多 between number and unit, or NULL */
  GPtrArray        *post;         /* qualifiers after the unit (static strings) */
  const char       *reason;       /* the exclusion's reason, or NULL for a figure */
  gboolean          rank;
  guint             group;        /* index of the first token of its list or range */
  guint             n_members;    /* figures in the group, kept on its first token */
  guint             last;         /* index of the group's last figure, kept on its first token */
  guint             position;     /* this figure's place in its group */
  char            **items;        /* subjects listed before 分别, kept on the first token */
  gboolean          items_done;
  gsize             local_start;  /* where this figure's own words begin */
  char             *subject;
} Token;

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_clear_pointer (&token->post, g_ptr_array_unref);
  g_clear_pointer (&token->subject, g_free);
  g_clear_pointer (&token->items, g_strfreev);
}

static void
read_unit (const Text *t,
           Token      *token)
{
  gsize pos = token->num.end;
  gsize n;

  /* "2300余场": 余 or 多 before the base unit. */
  if (at (t, pos, "余") || at (t, pos, "多"))
    {
      const ZbUnitInfo *info = NULL;

      n = zb_unit_match (t->text + pos + 3, t->len - pos - 3, &info);
      if (n > 0)
        {
          token->approx = at (t, pos, "余") ? "余" : "多";
          token->unit = info;
          token->unit_end = pos + 3 + n;
        }
    }
  if (token->unit == NULL)
    {
      n = zb_unit_match (t->text + pos, t->len - pos, &token->unit);
      token->unit_end = pos + n;
      /* "53万余户": the 余 sits inside the unit as written. */
      if (n > 0 && contains (t, pos, pos + n, "余"))
        token->approx = "余";
      else if (n > 0 && contains (t, pos, pos + n, "多"))
        token->approx = "多";
    }

  token->post = g_ptr_array_new ();
  pos = token->unit_end;
  for (gboolean more = TRUE; more;)
    {
      more = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (post_qualifiers); i++)
        if (at (t, pos, post_qualifiers[i]))
          {
            g_ptr_array_add (token->post, (gpointer) post_qualifiers[i]);
            pos += strlen (post_qualifiers[i]);
            more = TRUE;
          }
    }
  token->end = pos;
}

static GArray *
scan_tokens (const Text *t)
{
  GArray *tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  gsize pos = t->text_start;

  g_array_set_clear_func (tokens, token_clear);
  while (pos < t->len)
    {
      Token token = { 0 };

      if (!zb_number_scan (t->text, t->len, pos, &token.num))
        {
          pos = next_char (t, pos);
          continue;
        }
      read_unit (t, &token);
      g_array_append_val (tokens, token);
      pos = token.num.end;
    }
  return tokens;
}

/* Length of a range join at pos ("—", "至" …), or 0. */
static gsize
range_join_at (const Text *t,
               gsize       pos)
{
  return at_any (t, pos, range_joins, G_N_ELEMENTS (range_joins));
}

/* "3—5个", "2021—2025年": the first number of a range takes the unit of the second. */
static void
join_ranges (const Text *t,
             GArray     *tokens)
{
  for (guint i = 0; i + 1 < tokens->len; i++)
    {
      Token *a = &g_array_index (tokens, Token, i);
      Token *b = &g_array_index (tokens, Token, i + 1);
      gsize w = range_join_at (t, a->num.end);

      if (a->unit != NULL || w == 0 || a->num.end + w != b->num.start)
        continue;
      a->unit = b->unit;
    }
}

/* ---------------------------------------------------------------------------------------------
 * Exclusions
 * ------------------------------------------------------------------------------------------- */

static gboolean
unit_is (const Token *token,
         const char  *unit)
{
  return token->unit != NULL && strcmp (token->unit->unit, unit) == 0;
}

static gboolean
looks_like_year (const Token *token)
{
  return token->num.decimals == 0 && token->num.end - token->num.start >= 4
         && token->num.value >= 1900 && token->num.value <= 2100;
}

static gboolean
in_section_number (ZbReport    *report,
                   const Token *token)
{
  int index = zb_report_find_section (report, token->num.start);

  if (index < 0)
    return FALSE;
  {
    const ZbSection *s = zb_report_get_section (report, (guint) index);

    return token->num.start >= s->start && token->num.start < s->start + strlen (s->number);
  }
}

/* Dates: 2024年, 1月, 18日, and the first year of 2021—2025年 or month of 1—11月. */
static gboolean
is_date (const Text *t,
         GArray     *tokens,
         guint       index)
{
  Token *token = &g_array_index (tokens, Token, index);
  gboolean integer = token->num.decimals == 0;
  double v = token->num.value;
  gsize end = token->num.end;
  gsize join = range_join_at (t, end);

  if (looks_like_year (token) && (at (t, end, "年") || unit_is (token, "年")))
    return TRUE;
  if (integer && v >= 1 && v <= 12 && at (t, end, "月"))
    return TRUE;
  if (integer && v >= 1 && v <= 31 && (at (t, end, "日") || (at (t, end, "号") && !at (t, end, "号线"))))
    return TRUE;
  if (join > 0 && integer && index + 1 < tokens->len)
    {
      Token *next = &g_array_index (tokens, Token, index + 1);

      if (next->num.start != end + join)
        return FALSE;
      if (looks_like_year (token) && looks_like_year (next) && at (t, next->num.end, "年"))
        return TRUE;
      if (v >= 1 && v <= 12 && at (t, next->num.end, "月"))
        return TRUE;
    }
  return FALSE;
}

/* Names: 5G, C919, 3A级, PM2.5, 19号线, “965”, 500强, 1+8, 7×24, 《中国制造2025》, 12345热线. */
static gboolean
is_name (const Text  *t,
         const Token *token)
{
  gunichar before = char_before (t, token->num.start);
  gunichar after = char_at (t, token->num.end);
  gsize end = token->num.end;

  if (is_ascii_letter (before) || (is_ascii_letter (after) && !unit_is (token, "P")))
    return TRUE;
  if (unit_is (token, "号线") || at (t, end, "强") || at (t, end, "热线") || at (t, end, "版"))
    return TRUE;
  if (before == '+' || after == '+' || before == 0xD7 || after == 0xD7 || before == '*'
      || after == '*')
    return TRUE;
  if ((before == 0x201C || before == '"') && (after == 0x201D || after == '"'))
    return TRUE;
  if (before == 0x300A || after == 0x300B)
    return TRUE;
  /* A code: four digits or more with no unit, right against a word. */
  if (token->unit == NULL && token->num.decimals == 0 && token->num.end - token->num.start >= 4
      && !looks_like_year (token) && g_unichar_isalpha (after) && after >= 0x4E00)
    return TRUE;
  /* The last part of a dotted code: 1.2.3. */
  return before == '.';
}

/* "签约50亿元以上工业项目45个", "23个50亿元以上": a class of projects, not an amount. */
static gboolean
is_threshold (const Text *t,
              GArray     *tokens,
              guint       index)
{
  Token *token = &g_array_index (tokens, Token, index);
  gsize after_class = token->unit_end + strlen ("以上");

  if (token->unit == NULL || strcmp (token->unit->base, "元") != 0)
    return FALSE;
  if (at (t, token->unit_end, "级"))
    return TRUE;
  if (!at (t, token->unit_end, "以上"))
    return FALSE;
  return (index > 0 && g_array_index (tokens, Token, index - 1).end == token->num.start)
         || at (t, after_class, "项目") || at (t, after_class, "工业") || at (t, after_class, "产业")
         || at (t, after_class, "企业") || at (t, after_class, "的");
}

/* The reason a number is not a figure of measure, or NULL when it is one. Marks ranks (第1 after
 * 居, 前10名), which are figures. */
static const char *
exclusion_reason (const Text  *t,
                  ZbReport    *report,
                  GArray      *tokens,
                  guint        index)
{
  Token *token = &g_array_index (tokens, Token, index);
  gunichar before = char_before (t, token->num.start);

  /* 400 nines: no chart can draw it and JSON cannot hold it. */
  if (!isfinite (token->num.value))
    return "too-large";
  if (in_section_number (report, token))
    return "section-number";
  if (is_date (t, tokens, index))
    return "date";
  if (is_name (t, token))
    return "name";
  if (is_threshold (t, tokens, index))
    return "threshold";

  /* Ordinals: 第2批, 75周年. */
  if (unit_is (token, "周年"))
    return "ordinal";
  if (before == 0x7B2C /* 第 */ || before == 0x524D /* 前 */)
    {
      if (token->unit == NULL || unit_is (token, "名") || unit_is (token, "位"))
        {
          token->rank = TRUE;
          return NULL;
        }
      if (before == 0x7B2C)
        return "ordinal";
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The words around a figure
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  Text        t;
  ZbReport   *report;
  GArray     *tokens;
  int         report_year;
} Extraction;

/* Could a clause end start at this byte? Every one is ASCII, 。 (E3 80 82) or a full-width
 * form (EF BC ..); the test keeps the walk over a long clause cheap. */
static gboolean
may_end_clause (guchar c)
{
  return c == 0xEF || c == 0xE3 || c == ',' || c == ';' || c == ':' || c == '!' || c == '?'
         || c == '\n';
}

static gsize
clause_start (const Text *t,
              gsize       limit,
              gsize       pos)
{
  while (pos > limit)
    {
      gsize prev = (gsize) (g_utf8_find_prev_char (t->text + limit, t->text + pos) - t->text);

      if (may_end_clause ((guchar) t->text[prev])
          && at_any (t, prev, clause_ends, G_N_ELEMENTS (clause_ends)) > 0)
        {
          /* A thousands separator inside a number does not end a clause. */
          if (!(at (t, prev, ",") && prev > limit && g_ascii_isdigit (t->text[prev - 1])
                && pos < t->len && g_ascii_isdigit (t->text[pos])))
            return pos;
        }
      pos = prev;
    }
  return limit;
}

static gsize
clause_end (const Text *t,
            gsize       pos,
            gsize       limit)
{
  while (pos < limit)
    {
      if (may_end_clause ((guchar) t->text[pos])
          && at_any (t, pos, clause_ends, G_N_ELEMENTS (clause_ends)) > 0)
        return pos;
      pos = next_char (t, pos);
    }
  return limit;
}

static void
sentence_of (Extraction *ex,
             gsize       offset,
             gsize      *start,
             gsize      *end)
{
  if (!zb_report_get_sentence (ex->report, offset, start, end))
    {
      *start = offset;
      *end = offset;
    }
}

/* Is [from, to) nothing but the joins of a list or range? */
static gboolean
only_joins (const Text *t,
            gsize       from,
            gsize       to)
{
  gsize pos = from;

  if (from >= to)
    return from == to;
  while (pos < to)
    {
      gsize w = at_any (t, pos, list_joins, G_N_ELEMENTS (list_joins));

      if (w == 0)
        w = range_join_at (t, pos);
      if (w == 0)
        return FALSE;
      pos += w;
    }
  return pos == to;
}

/* Groups lists and ranges of figures, and sets where each figure's own words begin: after the
 * previous figure of its clause ("新增城市骨干道路58公里、停车泊位15.2万个"). */
static void
group_tokens (Extraction *ex)
{
  const Text *t = &ex->t;
  int prev_figure = -1;

  for (guint i = 0; i < ex->tokens->len; i++)
    {
      Token *token = &g_array_index (ex->tokens, Token, i);
      gsize s_start, s_end, c_start;

      token->group = i;
      if (token->reason != NULL)
        continue;

      sentence_of (ex, token->num.start, &s_start, &s_end);
      c_start = clause_start (t, scan_from (t, s_start, token->num.start), token->num.start);
      token->local_start = c_start;
      if (prev_figure >= 0)
        {
          Token *prev = &g_array_index (ex->tokens, Token, prev_figure);

          if (prev->end >= c_start && prev->end <= token->num.start)
            {
              if (only_joins (t, prev->end, token->num.start))
                {
                  token->group = prev->group;
                  token->local_start = prev->local_start;
                }
              else
                {
                  gsize start = prev->end;
                  gsize w;

                  while ((w = at_any (t, start, list_joins, G_N_ELEMENTS (list_joins))) > 0)
                    start += w;
                  token->local_start = start;
                }
            }
        }
      prev_figure = (int) i;
    }

  for (guint i = 0; i < ex->tokens->len; i++)
    {
      Token *token = &g_array_index (ex->tokens, Token, i);
      Token *head;

      if (token->reason != NULL)
        continue;
      head = &g_array_index (ex->tokens, Token, token->group);
      token->position = head->n_members++;
      head->last = i;
    }
}

static gboolean
strip_prefix (char       *s,
              const char *word)
{
  gsize n = strlen (word);

  if (!g_str_has_prefix (s, word) || s[n] == '\0')
    return FALSE;
  memmove (s, s + n, strlen (s) - n + 1);
  return TRUE;
}

/* g_strstrip, and the ideographic space too. */
static char *
strip_blanks (char *s)
{
  gboolean changed = TRUE;

  while (changed)
    {
      changed = FALSE;
      g_strstrip (s);
      if (g_str_has_prefix (s, "\u3000"))
        {
          memmove (s, s + 3, strlen (s) - 3 + 1);
          changed = TRUE;
        }
      if (g_str_has_suffix (s, "\u3000"))
        {
          s[strlen (s) - 3] = '\0';
          changed = TRUE;
        }
    }
  return s;
}

static gboolean
ends_with_verb (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (subject_verbs); i++)
    if (g_str_has_suffix (s, subject_verbs[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_date_char (const char *p)
{
  return g_ascii_isdigit (*p) || *p == '-' || *p == '~' || g_str_has_prefix (p, "—")
         || g_str_has_prefix (p, "至") || g_str_has_prefix (p, "年") || g_str_has_prefix (p, "月")
         || g_str_has_prefix (p, "底") || g_str_has_prefix (p, "末");
}

/* "1—11月出口", "2022年社会消费品零售总额": the date is the period, not the subject. */
static void
strip_date (char *s)
{
  const char *p = s;
  const char *last;

  if (!g_ascii_isdigit (s[0]))
    return;
  while (*p != '\0' && is_date_char (p))
    p = g_utf8_next_char (p);
  if (*p == '\0')
    return;
  last = g_utf8_prev_char (p);
  if (g_str_has_prefix (last, "年") || g_str_has_prefix (last, "月") || g_str_has_prefix (last, "底")
      || g_str_has_prefix (last, "末"))
    memmove (s, p, strlen (p) + 1);
}

/* The part of a subject that names the thing: leading adverbs, verbs and trailing measure
 * words taken off. *verb receives a leading verb that was taken off, if any. keep_head keeps
 * the start of a long phrase (a noun after the number) instead of its end (words before). */
static char *
clean_subject (const char  *raw,
               gboolean     keep_head,
               const char **verb)
{
  g_autofree char *s = strip_blanks (g_strdup (raw));
  gboolean changed = TRUE;

  if (verb != NULL)
    *verb = NULL;
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (subject_lead_words); i++)
        changed |= strip_prefix (s, subject_lead_words[i]);
      for (guint i = 0; i < G_N_ELEMENTS (subject_verbs); i++)
        if (strip_prefix (s, subject_verbs[i]))
          {
            if (verb != NULL && *verb == NULL)
              *verb = subject_verbs[i];
            changed = TRUE;
            /* "整理和提升工业园区": a second verb joined to the first. */
            if (strip_prefix (s, "和") || strip_prefix (s, "、") || strip_prefix (s, "及"))
              changed = TRUE;
            break;
          }
      for (guint i = 0; i < G_N_ELEMENTS (subject_tail_words); i++)
        if (g_str_has_suffix (s, subject_tail_words[i]))
          {
            s[strlen (s) - strlen (subject_tail_words[i])] = '\0';
            changed = TRUE;
          }
      strip_blanks (s);
    }

  strip_date (s);

  /* A verb alone is no subject. */
  for (guint i = 0; i < G_N_ELEMENTS (subject_verbs); i++)
    if (strcmp (s, subject_verbs[i]) == 0)
      {
        if (verb != NULL)
          *verb = subject_verbs[i];
        s[0] = '\0';
      }

  /* Unbalanced quotes at either end. */
  if (g_str_has_suffix (s, "“"))
    s[strlen (s) - strlen ("“")] = '\0';
  if (g_str_has_prefix (s, "”"))
    memmove (s, s + strlen ("”"), strlen (s) - strlen ("”") + 1);

  if (g_utf8_strlen (s, -1) > 24)
    {
      char *shorter;

      /* The head of a Chinese noun phrase is at its end. */
      if (keep_head)
        shorter = g_strndup (s, (gsize) (g_utf8_offset_to_pointer (s, 24) - s));
      else
        shorter = g_strdup (g_utf8_offset_to_pointer (s, g_utf8_strlen (s, -1) - 24));
      g_free (s);
      s = shorter;
    }
  return g_steal_pointer (&s);
}

/* "312家品牌店、旗舰店": the noun after the unit, up to the clause's end or the next figure;
 * *noun_end receives where it stops, so that the next figure does not take it again. */
static char *
noun_after (Extraction *ex,
            guint       index,
            gsize       clause_limit,
            gsize      *noun_end)
{
  const Text *t = &ex->t;
  Token *token = &g_array_index (ex->tokens, Token, index);
  gsize end = clause_limit;
  g_autofree char *raw = NULL;

  /* A list "185亿个、2.1万家" shares the noun after its last number. */
  index = g_array_index (ex->tokens, Token, token->group).last;
  token = &g_array_index (ex->tokens, Token, index);
  for (guint j = index + 1; j < ex->tokens->len; j++)
    {
      Token *next = &g_array_index (ex->tokens, Token, j);

      if (next->num.start >= end)
        break;
      if (next->reason == NULL && next->group != token->group)
        {
          end = next->num.start;
          break;
        }
    }
  *noun_end = end;
  if (token->end >= end)
    return g_strdup ("");
  raw = dup_range (t, token->end, end);
  /* "13家全国重点实验室获批重组": the noun stops where its predicate begins. */
  {
    gsize cut = strlen (raw);

    for (guint i = 0; i < G_N_ELEMENTS (predicate_words); i++)
      {
        const char *hit = strlen (raw) > 6 ? strstr (raw + 6, predicate_words[i]) : NULL;

        if (hit != NULL && (gsize) (hit - raw) < cut)
          cut = (gsize) (hit - raw);
      }
    if (cut < strlen (raw))
      {
        raw[cut] = '\0';
        end = token->end + cut;
        *noun_end = end;
      }
  }
  /* "6个进出城通道和12号线…等8个": the noun stops before the next list it starts. */
  {
    const char *and = strstr (raw, "和");

    if (and != NULL && and != raw && end < clause_limit)
      {
        *noun_end = token->end + (gsize) (and - raw);
        raw[and - raw] = '\0';
      }
  }
  return clean_subject (raw, TRUE, NULL);
}

/* "A、B、C分别增长x、y、z": the subjects listed before 分别, when there is one a number. */
static char **
enumerated_subjects (Extraction *ex,
                     guint       first,
                     guint       n_members)
{
  const Text *t = &ex->t;
  Token *head = &g_array_index (ex->tokens, Token, first);
  const char *hit;
  g_autofree char *list = NULL;
  g_auto (GStrv) items = NULL;

  if (n_members < 2)
    return NULL;
  hit = g_strstr_len (t->text + head->local_start, head->num.start - head->local_start, "分别");
  if (hit == NULL)
    return NULL;
  list = dup_range (t, head->local_start, (gsize) (hit - t->text));
  for (char *p = strstr (list, "和"); p != NULL; p = strstr (p, "和"))
    memcpy (p, "、", strlen ("、"));
  items = g_strsplit (list, "、", -1);
  if (g_strv_length (items) != n_members)
    return NULL;
  return g_steal_pointer (&items);
}

/* The subject from the words before the number, or after it when those are only a verb, a
 * list of examples ("武大、武阳等3条高速公路") or a verb waiting for its object. */
static char *
local_subject (Extraction *ex,
               guint       index,
               gsize       from,
               gsize       clause_limit,
               gsize      *noun_end)
{
  const Text *t = &ex->t;
  Token *token = &g_array_index (ex->tokens, Token, index);
  Token *head = &g_array_index (ex->tokens, Token, token->group);
  g_autofree char *raw = dup_range (t, from, head->num.start);
  g_autofree char *noun = NULL;
  const char *verb = NULL;
  char *subject;
  const char *etc;
  gboolean examples;

  *noun_end = 0;
  /* "光伏、生物质发电等装机容量": the category after a list of examples; "会展等活动" stays. */
  etc = g_strrstr (raw, "等");
  if (etc != NULL && etc[strlen ("等")] != '\0' && memmem (raw, (gsize) (etc - raw), "、", 3) != NULL)
    {
      g_autofree char *category = clean_subject (etc + strlen ("等"), FALSE, NULL);

      if (category[0] != '\0')
        return g_steal_pointer (&category);
    }

  subject = clean_subject (raw, FALSE, &verb);
  examples = strstr (raw, "、") != NULL && head->n_members == 1;
  if (subject[0] != '\0' && !ends_with_verb (subject) && !ends_with_verb (g_strstrip (raw))
      && !examples && !g_str_has_suffix (raw, "等") && !g_str_has_suffix (raw, "各"))
    return subject;

  noun = noun_after (ex, index, clause_limit, noun_end);
  if (noun[0] == '\0')
    {
      *noun_end = 0;
      return subject;
    }
  {
    char *joined;

    if (examples || g_str_has_suffix (raw, "等") || subject[0] == '\0')
      joined = g_strconcat (verb != NULL ? verb : "", noun, NULL);
    else
      joined = g_strconcat (subject, noun, NULL);
    g_free (subject);
    return joined;
  }
}

static void
assign_subjects (Extraction *ex)
{
  const Text *t = &ex->t;
  gsize last_sentence = G_MAXSIZE;
  gsize consumed = 0;
  g_autofree char *sentence_subject = NULL;

  for (guint i = 0; i < ex->tokens->len; i++)
    {
      Token *token = &g_array_index (ex->tokens, Token, i);
      Token *head;
      gsize s_start, s_end, c_end, from, noun_end = 0;
      g_autofree char *subject = NULL;

      if (token->reason != NULL)
        continue;
      head = &g_array_index (ex->tokens, Token, token->group);
      sentence_of (ex, token->num.start, &s_start, &s_end);
      if (s_start != last_sentence)
        {
          g_clear_pointer (&sentence_subject, g_free);
          last_sentence = s_start;
          consumed = 0;
        }
      c_end = clause_end (t, token->end, MIN (s_end, token->end + ZB_WINDOW));

      if (head->n_members >= 2)
        {
          if (!head->items_done)
            {
              head->items = enumerated_subjects (ex, token->group, head->n_members);
              head->items_done = TRUE;
            }
          if (head->items != NULL)
            subject = clean_subject (head->items[token->position], FALSE, NULL);
        }

      if (subject == NULL || subject[0] == '\0')
        {
          g_free (subject);
          /* A noun the previous figure took ("完成196处二次供水、440公里…") is not ours. */
          from = head->local_start;
          if (consumed > from && consumed <= head->num.start)
            from = consumed;
          while (from < head->num.start && at_any (t, from, list_joins, G_N_ELEMENTS (list_joins)) > 0)
            from += at_any (t, from, list_joins, G_N_ELEMENTS (list_joins));
          /* "赤字规模4.06万亿元，比上年增加1800亿元": a comparison is about the last subject. */
          if (sentence_subject != NULL && (at (t, from, "比") || at (t, from, "较")))
            subject = g_strdup (sentence_subject);
          else
            subject = local_subject (ex, i, from, c_end, &noun_end);
          if (token->group == i && noun_end > 0)
            consumed = noun_end;
        }

      if (token->rank && sentence_subject != NULL)
        {
          g_free (subject);
          subject = g_strconcat (sentence_subject, "排名", NULL);
        }
      if (subject[0] == '\0' && sentence_subject != NULL)
        {
          g_free (subject);
          subject = g_strdup (sentence_subject);
        }
      if (subject[0] == '\0')
        {
          /* "经济增速逐季回升，一季度增长4.5%": the subject opens the sentence. */
          gsize first_end = clause_end (t, s_start, MIN (s_end, s_start + ZB_WINDOW));

          if (first_end < head->local_start)
            {
              g_autofree char *first = dup_range (t, s_start, first_end);
              g_free (subject);
              subject = clean_subject (first, FALSE, NULL);
            }
        }
      if (!token->rank)
        {
          g_free (sentence_subject);
          sentence_subject = g_strdup (subject);
        }
      token->subject = g_steal_pointer (&subject);
    }
}

/* 增长 and its kin, but not as the name of a rate (人口自然增长率). */
static gboolean
has_growth_word (const Text *t,
                 gsize       from,
                 gsize       to)
{
  for (gsize pos = from; pos < to; pos = next_char (t, pos))
    {
      gsize w = at_any (t, pos, growth_words, G_N_ELEMENTS (growth_words));

      if (w > 0 && !at (t, pos + w, "率"))
        return TRUE;
    }
  return FALSE;
}

static ZbMeasure
guess_measure (Extraction  *ex,
               const Token *token,
               const Token *head)
{
  const Text *t = &ex->t;
  gsize from = head->local_start, to = head->num.start;
  gboolean percent = token->unit != NULL
                     && (strcmp (token->unit->base, "%") == 0 || strcmp (token->unit->base, "‰") == 0);

  if (token->rank)
    return ZB_MEASURE_RANK;
  if (unit_is (token, "个百分点"))
    return ZB_MEASURE_CHANGE;
  if (percent && contains_any (t, from, to, share_words, G_N_ELEMENTS (share_words)))
    return ZB_MEASURE_SHARE;
  if (percent && contains_any (t, from, to, cut_words, G_N_ELEMENTS (cut_words)))
    return ZB_MEASURE_CHANGE;
  /* A rate (失业率, 覆盖率, 赤字率) is the share of a whole; a growth rate is not. */
  if (percent && token->subject != NULL && g_str_has_suffix (token->subject, "率")
      && !g_str_has_suffix (token->subject, "增长率"))
    return ZB_MEASURE_SHARE;
  if (!percent && (contains (t, from, to, "增至") || contains (t, from, to, "降至")))
    return ZB_MEASURE_LEVEL;
  /* What was added, however it is bounded ("城镇新增就业累计达到120万人"); the verb opening a
   * clause counts for its whole list ("新增城市骨干道路58公里、停车泊位15.2万个"). */
  if (!percent && contains_any (t, clause_start (t, scan_from (t, t->text_start, from), from), to,
                                change_words, G_N_ELEMENTS (change_words)))
    return ZB_MEASURE_CHANGE;
  if (ends_with_any (t, from, to, level_reached_words, G_N_ELEMENTS (level_reached_words)) > 0)
    return ZB_MEASURE_LEVEL;
  if (percent && has_growth_word (t, from, to))
    return ZB_MEASURE_GROWTH_RATE;
  return ZB_MEASURE_LEVEL;
}

static int
year_in (const char *str)
{
  for (const char *p = str; *p != '\0'; p++)
    if ((p[0] == '1' || p[0] == '2') && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
        && g_ascii_isdigit (p[3]) && g_str_has_prefix (p + 4, "年")
        && (p == str || !g_ascii_isdigit (p[-1])))
      return atoi (p);
  return 0;
}

static gboolean
title_has_any (const char        *title,
               const char *const *words,
               guint              n_words)
{
  for (guint i = 0; i < n_words; i++)
    if (strstr (title, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The status and year a section gives its figures: the review of last year → actual, this
 * year's work → target. */
static ZbStatus
section_status (Extraction *ex,
                gsize       offset,
                int        *year,
                gboolean   *five_years)
{
  g_auto (GStrv) path = zb_report_dup_section_path (ex->report, offset);
  ZbStatus status = ZB_STATUS_OTHER;

  *year = 0;
  *five_years = FALSE;
  for (guint i = 0; path[i] != NULL; i++)
    if (strstr (path[i], "五年") != NULL)
      *five_years = TRUE;
  for (guint i = 0; path[i] != NULL; i++)
    {
      int y = year_in (path[i]);

      if (y != 0)
        *year = y;
      if (title_has_any (path[i], review_title_words, G_N_ELEMENTS (review_title_words)))
        status = ZB_STATUS_ACTUAL;
      else if (title_has_any (path[i], plan_title_words, G_N_ELEMENTS (plan_title_words)))
        status = ZB_STATUS_TARGET;
      else if (y != 0 && ex->report_year != 0)
        status = y < ex->report_year ? ZB_STATUS_ACTUAL : ZB_STATUS_TARGET;
      /* The outermost section decides; inner titles only refine the year. */
      if (status != ZB_STATUS_OTHER)
        {
          for (guint j = i + 1; path[j] != NULL; j++)
            if (year_in (path[j]) != 0)
              *year = year_in (path[j]);
          break;
        }
    }
  return status;
}

static gboolean
weak_target_word_at (const Text *t,
                     gsize       pos,
                     gsize       limit)
{
  if (at_any (t, pos, weak_target_words, G_N_ELEMENTS (weak_target_words)) == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (weak_target_false); i++)
    {
      const char *w = weak_target_false[i];
      gsize n = strlen (w);

      /* The weak word is the first or the last character of the two-character false word. */
      if (at (t, pos, w) || (pos >= limit + n - 3 && at (t, pos + 3 - n, w)))
        return FALSE;
    }
  return TRUE;
}

/* From the words of the sentence: TARGET for a goal, else the section's status. */
static ZbStatus
words_status (Extraction  *ex,
              const Token *head,
              ZbStatus     section)
{
  const Text *t = &ex->t;
  gsize s_start, s_end;

  sentence_of (ex, head->num.start, &s_start, &s_end);
  s_start = scan_from (t, s_start, head->num.start);
  if (contains_any (t, s_start, head->num.start, target_words, G_N_ELEMENTS (target_words)))
    return ZB_STATUS_TARGET;
  if (section != ZB_STATUS_ACTUAL)
    for (guint i = 0; i < G_N_ELEMENTS (weak_target_words); i++)
      for (gsize pos = find_word (t, s_start, head->num.start, weak_target_words[i]);
           pos != G_MAXSIZE; pos = find_word (t, pos + 1, head->num.start, weak_target_words[i]))
        if (weak_target_word_at (t, pos, s_start))
          return ZB_STATUS_TARGET;
  return section;
}

/* An explicit year before the number in its sentence ("到2025年"), as a period; a comparison
 * ("比2020年") is not the figure's own year. */
static char *
sentence_year (Extraction  *ex,
               const Token *head)
{
  const Text *t = &ex->t;
  gsize s_start, s_end;

  sentence_of (ex, head->num.start, &s_start, &s_end);
  s_start = scan_from (t, s_start, head->num.start);
  for (guint k = head->group; k > 0; k--)
    {
      const Token *y = &g_array_index (ex->tokens, Token, k - 1);
      gunichar before;

      if (y->num.start < s_start)
        break;
      if (y->reason == NULL || strcmp (y->reason, "date") != 0 || !looks_like_year (y))
        continue;
      if (!at (t, y->num.end, "年") && range_join_at (t, y->num.end) == 0)
        continue;
      before = char_before (t, y->num.start);
      if (before == 0x6BD4 /* 比 */ || before == 0x8F83 /* 较 */ || before == 0x540C /* 同 */)
        return NULL;
      /* "2021—2025年": the range of a plan. */
      if (range_join_at (t, y->num.end) > 0 && k < ex->tokens->len)
        {
          const Token *y2 = &g_array_index (ex->tokens, Token, k);

          if (looks_like_year (y2) && y2->num.value > y->num.value)
            return g_strdup_printf ("%d-%d", (int) y->num.value, (int) y2->num.value);
        }
      /* 2021—2025年's second year: the pair was seen from the first. */
      if (k >= 2)
        {
          const Token *y0 = &g_array_index (ex->tokens, Token, k - 2);

          if (y0->num.start >= s_start && y0->reason != NULL && looks_like_year (y0)
              && range_join_at (t, y0->num.end) > 0
              && y0->num.end + range_join_at (t, y0->num.end) == y->num.start
              && y->num.value > y0->num.value)
            return g_strdup_printf ("%d-%d", (int) y0->num.value, (int) y->num.value);
        }
      return g_strdup_printf ("%d", (int) y->num.value);
    }
  return NULL;
}

static const struct
{
  const char *word;
  const char *suffix;
  gboolean    cumulative;
} period_words[] = {
  { "前三季度", "Q1-Q3", TRUE }, { "第一季度", "Q1", TRUE }, { "一季度", "Q1", TRUE },
  { "第二季度", "Q2", FALSE }, { "二季度", "Q2", FALSE }, { "第三季度", "Q3", FALSE },
  { "三季度", "Q3", FALSE }, { "第四季度", "Q4", FALSE }, { "四季度", "Q4", FALSE },
  { "上半年", "H1", TRUE }, { "下半年", "H2", FALSE }, { "全年", "", FALSE },
};

/* Status, period and cumulation of a figure: from its section ("2023年工作回顾" → actual, 2023),
 * the words of its sentence (目标, 力争 → target; "到2025年" → 2025; "去年" → last year, actual)
 * and of its clause (一季度 → Q1, cumulative). */
static void
guess_timing (Extraction     *ex,
              const Token    *head,
              ZbObservation  *obs)
{
  const Text *t = &ex->t;
  g_autofree char *explicit_year = sentence_year (ex, head);
  gsize from = clause_start (t, scan_from (t, t->text_start, head->num.start), head->num.start);
  gboolean five_years = FALSE;
  int section_year = 0, year;
  ZbStatus section = section_status (ex, head->num.start, &section_year, &five_years);
  gsize last_year = find_word (t, from, head->num.start, "去年");
  gsize best = 0;
  int best_word = -1;

  obs->status = words_status (ex, head, section);
  obs->cumulative = FALSE;

  /* A year named in the sentence decides between last year's result and a goal. */
  if (explicit_year != NULL && obs->status != ZB_STATUS_TARGET
      && atoi (explicit_year) >= ex->report_year)
    obs->status = ZB_STATUS_TARGET;
  if (explicit_year != NULL && strlen (explicit_year) == 4 && obs->status == ZB_STATUS_TARGET
      && atoi (explicit_year) < ex->report_year && obs->status == section)
    obs->status = ZB_STATUS_ACTUAL;
  if (last_year != G_MAXSIZE && explicit_year == NULL && obs->status == section)
    {
      obs->status = ZB_STATUS_ACTUAL;
      section_year = ex->report_year - 1;
    }

  g_free (obs->period);
  if (explicit_year != NULL && strlen (explicit_year) > 4)
    {
      obs->period = g_steal_pointer (&explicit_year);
      return;
    }
  year = section_year;
  if (explicit_year != NULL)
    year = atoi (explicit_year);
  if (year == 0)
    year = obs->status == ZB_STATUS_ACTUAL ? ex->report_year - 1 : ex->report_year;

  /* The period word nearest before the number in its clause. */
  for (guint i = 0; i < G_N_ELEMENTS (period_words); i++)
    {
      gsize hit = G_MAXSIZE;

      for (gsize p = find_word (t, from, head->num.start, period_words[i].word); p != G_MAXSIZE;
           p = find_word (t, p + 1, head->num.start, period_words[i].word))
        hit = p;
      /* By where the word ends, so that 三季度 inside 前三季度 (listed first) does not win. */
      if (hit != G_MAXSIZE && (best_word < 0 || hit + strlen (period_words[i].word) > best))
        {
          best = hit + strlen (period_words[i].word);
          best_word = (int) i;
        }
    }
  if (best_word >= 0)
    {
      obs->cumulative = period_words[best_word].cumulative;
      obs->period = g_strdup_printf ("%04d%s", year, period_words[best_word].suffix);
      return;
    }

  /* "过去五年工作回顾", "今后五年": the five years the section speaks of. */
  if (five_years && section_year == 0 && explicit_year == NULL)
    {
      int first = obs->status == ZB_STATUS_ACTUAL ? ex->report_year - 5 : ex->report_year;

      obs->period = g_strdup_printf ("%04d-%04d", first, first + 4);
      return;
    }
  obs->period = g_strdup_printf ("%04d", year);
}

typedef struct
{
  gsize pos;
  gsize len;
} Hit;

/* In text order; at one position the longer word first (不超过 before 超过). */
static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *ha = a, *hb = b;

  if (ha->pos != hb->pos)
    return ha->pos < hb->pos ? -1 : 1;
  return ha->len > hb->len ? -1 : ha->len < hb->len;
}

/* Qualifiers in the order they are written: before the number, 余/多, after the unit. */
static char **
collect_qualifiers (Extraction  *ex,
                    const Token *token,
                    const Token *head)
{
  const Text *t = &ex->t;
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_autoptr (GArray) hits = NULL;
  gsize s_start, s_end, from;
  gsize pos = 0, last_end = 0, w;

  sentence_of (ex, head->num.start, &s_start, &s_end);
  from = scan_from (t, s_start, head->num.start);
  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  for (guint i = 0; i < G_N_ELEMENTS (pre_qualifiers); i++)
    {
      gsize n = strlen (pre_qualifiers[i]);

      for (pos = find_word (t, from, head->num.start, pre_qualifiers[i]); pos != G_MAXSIZE;
           pos = find_word (t, pos + n, head->num.start, pre_qualifiers[i]))
        {
          Hit hit = { pos, n };
          g_array_append_val (hits, hit);
        }
    }
  g_array_sort (hits, compare_hits);

  for (guint i = 0; i < hits->len; i++)
    {
      const Hit *hit = &g_array_index (hits, Hit, i);
      gboolean clause_wide;

      if (hit->pos < last_end)
        continue;
      pos = hit->pos;
      w = hit->len;
      clause_wide = at_any (t, pos, clause_qualifiers, G_N_ELEMENTS (clause_qualifiers)) > 0;
      /* 力争 binds its sentence, 累计 its clause; "突破10项关键技术" is a verb, not a bound. */
      if ((pos < head->local_start && !(clause_wide && !at (t, pos, "累计") && !at (t, pos, "年均")))
          || (!clause_wide && g_utf8_strlen (t->text + pos + w, head->num.start - pos - w) > 2))
        continue;
      g_ptr_array_add (out, g_strndup (t->text + pos, w));
      last_end = pos + w;
    }
  /* "超2000P"; but the 过 of a 超过 taken above is not a second qualifier. */
  /* "约占30%", "近为": a hedge may stand one linking word before the number. */
  pos = head->num.start;
  if (ends_with_any (t, head->local_start, pos, linking_words, G_N_ELEMENTS (linking_words)) > 0)
    pos -= strlen ("为");
  w = ends_with_any (t, head->local_start, pos, adjacent_qualifiers,
                     G_N_ELEMENTS (adjacent_qualifiers));
  if (w > 0 && last_end != head->num.start && last_end != pos)
    {
      gsize q = pos - w;

      for (guint i = 0; i < G_N_ELEMENTS (qualifier_false_before) && w > 0; i++)
        if (at (t, q, qualifier_false_before[i].qualifier)
            && ends_with_any (t, head->local_start, q, &qualifier_false_before[i].before, 1) > 0)
          w = 0;
      for (guint i = 0; i < G_N_ELEMENTS (adjacent_qualifiers) && w > 0; i++)
        if (at (t, q, adjacent_qualifiers[i]))
          {
            g_ptr_array_add (out, g_strdup (adjacent_qualifier_names[i]));
            break;
          }
    }
  if (token->approx != NULL)
    g_ptr_array_add (out, g_strdup (token->approx));
  for (guint i = 0; i < token->post->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (token->post, i)));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static const char *
guess_theme (const char *subject)
{
  for (guint i = 0; i < G_N_ELEMENTS (theme_words); i++)
    if (strstr (subject, theme_words[i].word) != NULL)
      return theme_words[i].theme;
  return "economy";
}

/* ---------------------------------------------------------------------------------------------
 * The dataset
 * ------------------------------------------------------------------------------------------- */

static char *
indicator_id (GHashTable *ids,
              const char *key)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  char *id = g_strdup_printf ("x-%.8s", hash);

  /* Two keys with one hash prefix: the later gets a suffix, stable for a given text. */
  for (guint n = 2; g_hash_table_contains (ids, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("x-%.8s-%u", hash, n);
    }
  return id;
}

static void
add_observation (ZbDataset  *dataset,
                 GHashTable *by_key,
                 GHashTable *ids,
                 Extraction *ex,
                 guint       index)
{
  Token *token = &g_array_index (ex->tokens, Token, index);
  Token *head = &g_array_index (ex->tokens, Token, token->group);
  const char *unit = token->unit != NULL ? token->unit->unit : "";
  ZbMeasure measure = guess_measure (ex, token, head);
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", token->subject, unit,
                                          zb_measure_to_string (measure));
  ZbIndicator *indicator = g_hash_table_lookup (by_key, key);
  ZbObservation *obs;

  if (indicator == NULL)
    {
      char *id = indicator_id (ids, key);

      indicator = zb_indicator_new (id);
      zb_set_str (&indicator->name.zh, token->subject[0] != '\0' ? token->subject : "未命名指标");
      zb_set_str (&indicator->theme, guess_theme (token->subject));
      zb_set_str (&indicator->unit, unit);
      indicator->measure = measure;
      g_hash_table_add (ids, id);
      g_hash_table_insert (by_key, g_steal_pointer (&key), indicator);
      zb_dataset_add_indicator (dataset, indicator);
    }

  obs = zb_indicator_add_observation (indicator);
  obs->value = token->num.value;
  guess_timing (ex, head, obs);
  g_strfreev (obs->qualifiers);
  obs->qualifiers = collect_qualifiers (ex, token, head);
  obs->src_start = token->num.start;
  obs->src_end = token->num.end;
  g_free (obs->src_text);
  obs->src_text = dup_range (&ex->t, token->num.start, token->num.end);
}

static int
report_year (ZbReport *report)
{
  const char *delivered = zb_report_get_delivered (report);
  int year = 0;

  if (delivered != NULL)
    return atoi (delivered);
  /* Without a date line, the latest year any heading names is this year's. */
  for (guint i = 0; i < zb_report_get_n_sections (report); i++)
    year = MAX (year, year_in (zb_report_get_section (report, i)->title));
  if (year == 0 && zb_report_get_heading (report) != NULL)
    year = year_in (zb_report_get_heading (report));
  if (year == 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      year = g_date_time_get_year (now);
    }
  return year;
}

/* "——2024年1月18日在武汉市第十五届人民代表大会……" names the place before 第. */
static char *
place_from_heading (const char *heading)
{
  const char *line = heading != NULL ? strstr (heading, "——") : NULL;
  const char *in, *ordinal;

  if (line == NULL)
    return NULL;
  if (strstr (line, "全国人民代表大会") != NULL)
    return g_strdup ("中国");
  in = strstr (line, "日在");
  if (in == NULL)
    return NULL;
  in += strlen ("日在");
  ordinal = strstr (in, "第");
  if (ordinal == NULL || ordinal == in || ordinal - in > 30)
    return NULL;
  return g_strndup (in, (gsize) (ordinal - in));
}

static void
set_metadata (ZbDataset *dataset,
              ZbReport  *report)
{
  const char *title = zb_report_get_title (report);
  g_autofree char *place = place_from_heading (zb_report_get_heading (report));
  g_autofree char *title_zh = NULL;
  ZbText text = { 0 };

  if (title != NULL)
    {
      /* The national report is the State Council's; a city's carries the city's name. */
      if (place != NULL && strcmp (place, "中国") != 0 && !g_str_has_prefix (title, place))
        title_zh = g_strconcat (place, title, NULL);
      else
        title_zh = g_strdup (title);
      text.zh = title_zh;
      text.en = strstr (title, "政府工作报告") != NULL ? (char *) "Government Work Report" : NULL;
      zb_dataset_set_title (dataset, &text);
    }
  if (place != NULL)
    {
      text.zh = place;
      text.en = strcmp (place, "中国") == 0 ? (char *) "China" : NULL;
      zb_dataset_set_place (dataset, &text);
    }
  zb_dataset_set_delivered (dataset, zb_report_get_delivered (report));
}

ZbDataset *
zb_extract (ZbReport   *report,
            const char *text_path,
            GError    **error)
{
  g_autoptr (ZbDataset) dataset = NULL;
  g_autoptr (GHashTable) by_key = NULL;
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GArray) tokens = NULL;
  Extraction ex = { 0 };
  guint n_figures = 0;

  g_return_val_if_fail (ZB_IS_REPORT (report), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ex.t.text = zb_report_get_text (report, &ex.t.len);
  ex.t.text_start = zb_report_get_text_start (report);
  ex.report = report;
  ex.report_year = report_year (report);
  tokens = scan_tokens (&ex.t);
  ex.tokens = tokens;
  join_ranges (&ex.t, tokens);

  for (guint i = 0; i < tokens->len; i++)
    {
      Token *token = &g_array_index (tokens, Token, i);

      token->reason = exclusion_reason (&ex.t, report, tokens, i);
      if (token->reason == NULL)
        n_figures++;
    }

  /* A real report has a few hundred figures; millions are a hostile text that would take
   * gigabytes as a dataset. */
  if (n_figures > ZB_EXTRACT_MAX_FIGURES)
    {
      const char *path = zb_report_get_path (report);

      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_TOO_LARGE,
                   _("“%s” has %u figures; a report has a few hundred, and at most %d are extracted"),
                   path != NULL ? path : _("the text"), n_figures, ZB_EXTRACT_MAX_FIGURES);
      return NULL;
    }
  if (n_figures == 0 && zb_report_get_n_sections (report) == 0)
    {
      const char *path = zb_report_get_path (report);

      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_NOT_REPORT,
                   _("“%s” does not look like a government work report: it has no section "
                     "headings (一、…) and no figures"),
                   path != NULL ? path : _("the text"));
      return NULL;
    }

  group_tokens (&ex);
  assign_subjects (&ex);

  dataset = zb_dataset_new ();
  zb_dataset_set_report (dataset, report,
                         text_path != NULL ? text_path : zb_report_get_path (report));
  set_metadata (dataset, report);

  by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *token = &g_array_index (tokens, Token, i);

      if (token->reason == NULL)
        {
          add_observation (dataset, by_key, ids, &ex, i);
        }
      else
        {
          ZbExclusion *exclusion = g_new0 (ZbExclusion, 1);

          exclusion->start = token->num.start;
          exclusion->end = token->num.end;
          exclusion->text = dup_range (&ex.t, token->num.start, token->num.end);
          exclusion->reason = g_strdup (token->reason);
          zb_dataset_add_exclusion (dataset, exclusion);
        }
    }

  return g_steal_pointer (&dataset);
}
