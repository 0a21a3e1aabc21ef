{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · vmsadmin</title>
<link rel="stylesheet" href="/static/app.css">
{{#RETRY_SCRIPT}}<script src="/static/retry.js" defer></script>{{/RETRY_SCRIPT}}
</head>
<body>
<header class="topbar">
  <a class="brand" href="/admin/users">vmsadmin</a>
  {{#SIGNED_IN}}
  <nav aria-label="Main">
    <a href="/admin/users">Users</a>
    {{#SUPERADMIN}}<a href="/admin/billing-events">Billing requests</a>
    <a href="/admin/audit">Audit trail</a>{{/SUPERADMIN}}
    <span class="who">{{ADMIN}}</span>
    <form method="post" action="/admin/logout" class="inline">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="link">Sign out</button>
    </form>
  </nav>
  {{/SIGNED_IN}}
</header>
<main>
{{#CRUMBS}}<nav class="crumbs" aria-label="Breadcrumb"><ol>{{#CRUMB}}<li>{{#LINK}}<a href="{{HREF}}">{{LABEL}}</a>{{/LINK}}{{#HERE}}<span aria-current="page">{{LABEL}}</span>{{/HERE}}</li>{{/CRUMB}}</ol></nav>{{/CRUMBS}}
{{>CONTENT}}
</main>
</body>
</html>
