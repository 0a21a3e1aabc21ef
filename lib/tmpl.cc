// tmpl.cc — the one C++ file: a C binding over ctemplate. Every entry point catches exceptions;
// a failure inside a dictionary call is remembered and makes the next tmpl_expand fail.
#include "tmpl.h"

#include <ctemplate/template.h>
#include <ctemplate/template_dictionary.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

using ctemplate::TemplateDictionary;

static const char kPragma[] = "{{%AUTOESCAPE context=\"HTML\"}}";
static const ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;
static bool failed;

static TemplateDictionary *D(struct tmpl_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

static int load_one(const char *name, const std::string &text)
{
	if (text.compare(0, sizeof kPragma - 1, kPragma) != 0) {
		std::fprintf(stderr, "tmpl: %s does not start with %s\n", name, kPragma);
		return -1;
	}
	if (!ctemplate::StringToTemplateCache(name, text, kStrip)) {
		std::fprintf(stderr, "tmpl: %s: parse error\n", name);
		return -1;
	}
	return 0;
}

extern "C" int tmpl_init(const struct tmpl_file *files, size_t n, const char *dir)
{
	try {
		for (size_t i = 0; i < n; i++) {
			std::string text;
			if (dir && *dir) {
				std::ifstream in(std::string(dir) + "/" + files[i].name,
						 std::ios::binary);
				if (!in) {
					std::fprintf(stderr, "tmpl: cannot read %s/%s\n", dir,
						     files[i].name);
					return -1;
				}
				std::ostringstream ss;
				ss << in.rdbuf();
				text = ss.str();
			} else {
				text.assign(reinterpret_cast<const char *>(files[i].data),
					    files[i].len);
			}
			if (load_one(files[i].name, text) < 0)
				return -1;
		}
		return 0;
	} catch (...) {
		std::fprintf(stderr, "tmpl: out of memory while loading templates\n");
		return -1;
	}
}

extern "C" struct tmpl_dict *tmpl_dict_new(void)
{
	try {
		failed = false;
		return reinterpret_cast<struct tmpl_dict *>(new TemplateDictionary("root"));
	} catch (...) {
		return nullptr;
	}
}

extern "C" void tmpl_dict_free(struct tmpl_dict *d)
{
	delete D(d);
}

extern "C" void tmpl_set(struct tmpl_dict *d, const char *key, const char *value)
{
	try {
		D(d)->SetValue(key, value ? value : "");
	} catch (...) {
		failed = true;
	}
}

extern "C" void tmpl_set_int(struct tmpl_dict *d, const char *key, int64_t value)
{
	char s[24];

	std::snprintf(s, sizeof s, "%lld", static_cast<long long>(value));
	tmpl_set(d, key, s);
}

extern "C" struct tmpl_dict *tmpl_section(struct tmpl_dict *d, const char *section)
{
	try {
		return reinterpret_cast<struct tmpl_dict *>(D(d)->AddSectionDictionary(section));
	} catch (...) {
		failed = true;
		return d; // keeps callers simple; the expansion will fail
	}
}

extern "C" void tmpl_show(struct tmpl_dict *d, const char *section)
{
	try {
		D(d)->ShowSection(section);
	} catch (...) {
		failed = true;
	}
}

extern "C" struct tmpl_dict *tmpl_include(struct tmpl_dict *d, const char *marker, const char *file)
{
	try {
		TemplateDictionary *inc = D(d)->AddIncludeDictionary(marker);
		inc->SetFilename(file);
		return reinterpret_cast<struct tmpl_dict *>(inc);
	} catch (...) {
		failed = true;
		return d;
	}
}

extern "C" int tmpl_expand(const char *name, struct tmpl_dict *d, struct buf *out)
{
	try {
		std::string s;
		if (failed || !ctemplate::ExpandTemplate(name, kStrip, D(d), &s))
			return -1;
		return buf_append(out, s.data(), s.size());
	} catch (...) {
		return -1;
	}
}
