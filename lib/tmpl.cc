// tmpl.cc — the one C++ file: a C binding over ctemplate. Every entry point catches exceptions;
// a failure inside a dictionary call is remembered by the root dictionary it belongs to and
// makes the expansion of that root fail (other dictionaries are not affected).
#include "tmpl.h"

#include <ctemplate/template.h>
#include <ctemplate/template_dictionary.h>

#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>

using ctemplate::TemplateDictionary;

static const char kPragma[] = "{{%AUTOESCAPE context=\"HTML\"}}";
static const ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;
// A C handle: one dictionary and the root it belongs to. The root owns its dictionary tree,
// every handle given out for it, and the failure flag of the tree.
struct Root;
struct Node {
	TemplateDictionary *dict;
	Root *root;
};
struct Root {
	TemplateDictionary dict{"root"};
	bool failed = false;
	std::deque<Node> nodes; // a deque never moves what it holds: handles stay valid
};

static Node *N(struct tmpl_dict *d)
{
	return reinterpret_cast<Node *>(d);
}

static TemplateDictionary *D(struct tmpl_dict *d)
{
	return N(d)->dict;
}

// A handle for child, a dictionary of d's tree; d itself when that fails (the tree is marked).
static struct tmpl_dict *handle(struct tmpl_dict *d, TemplateDictionary *child)
{
	Root *root = N(d)->root;

	try {
		root->nodes.push_back(Node{child, root});
		return reinterpret_cast<struct tmpl_dict *>(&root->nodes.back());
	} catch (...) {
		root->failed = true;
		return d;
	}
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
	Root *root = nullptr;

	try {
		root = new Root;
		root->nodes.push_back(Node{&root->dict, root});
		return reinterpret_cast<struct tmpl_dict *>(&root->nodes.front());
	} catch (...) {
		delete root;
		return nullptr;
	}
}

extern "C" void tmpl_dict_free(struct tmpl_dict *d)
{
	if (d)
		delete N(d)->root;
}

extern "C" void tmpl_set(struct tmpl_dict *d, const char *key, const char *value)
{
	try {
		D(d)->SetValue(key, value ? value : "");
	} catch (...) {
		N(d)->root->failed = true;
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
		return handle(d, D(d)->AddSectionDictionary(section));
	} catch (...) {
		N(d)->root->failed = true;
		return d; // keeps callers simple; the expansion will fail
	}
}

extern "C" void tmpl_show(struct tmpl_dict *d, const char *section)
{
	try {
		D(d)->ShowSection(section);
	} catch (...) {
		N(d)->root->failed = true;
	}
}

extern "C" struct tmpl_dict *tmpl_include(struct tmpl_dict *d, const char *marker, const char *file)
{
	try {
		TemplateDictionary *inc = D(d)->AddIncludeDictionary(marker);
		inc->SetFilename(file);
		return handle(d, inc);
	} catch (...) {
		N(d)->root->failed = true;
		return d;
	}
}

extern "C" int tmpl_expand(const char *name, struct tmpl_dict *d, struct buf *out)
{
	try {
		std::string s;
		if (N(d)->root->failed || !ctemplate::ExpandTemplate(name, kStrip, D(d), &s))
			return -1;
		return buf_append(out, s.data(), s.size());
	} catch (...) {
		return -1;
	}
}
