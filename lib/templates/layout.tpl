{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · vmsadmin</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="topbar">
  <a class="brand" href="/admin/users">vmsadmin</a>
  {{#SIGNED_IN}}
  <nav>
    <a href="/admin/users">Users</a>
    {{#SUPERADMIN}}<a href="/admin/billing-events">Billing requests</a>{{/SUPERADMIN}}
    <span class="who">{{ADMIN}}</span>
    <form method="post" action="/admin/logout" class="inline">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="link">Sign out</button>
    </form>
  </nav>
  {{/SIGNED_IN}}
</header>
<main>
{{>CONTENT}}
</main>
</body>
</html>
