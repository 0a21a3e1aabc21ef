{{%AUTOESCAPE context="HTML"}}
<section class="profile-header" id="profile-header" data-user-id="{{ID}}" data-csrf="{{CSRF}}" data-admin="{{ADMIN}}" data-tabs="{{TABS}}"{{#SUPERADMIN}} data-superadmin="true"{{/SUPERADMIN}}{{#MISSING}} data-missing="true"{{/MISSING}}>
  {{#MISSING}}<h1>User not found</h1>
  <p class="error" role="alert">{{MESSAGE}}</p>{{/MISSING}}
  {{#FOUND}}
  <h1>{{USERNAME}} <span class="badge badge-{{STATUS}}">{{STATUS}}</span>{{#DELETED}} <span class="badge badge-deleted">deleted <time datetime="{{DELETED_AT_ISO}}">{{DELETED_AT}}</time></span>{{/DELETED}}</h1>
  <dl class="facts">
    <div><dt>User ID</dt><dd id="hdr-id">{{ID}}</dd></div>
    <div><dt>Username</dt><dd id="hdr-username">{{USERNAME}}</dd></div>
    <div><dt>Login</dt><dd id="hdr-login">{{LOGIN}}</dd></div>
    <div><dt>Creation date</dt><dd id="hdr-created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></dd></div>
  </dl>
  {{#ACTIONS}}
  <div class="actions">
    <form method="post" action="/admin/users/{{ID}}/login-as" target="_blank" rel="noopener noreferrer" class="inline" id="login-as-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" data-action="login-as">Log in as User</button></form>
    <button type="button" data-action="sync-cameras">Synchronize cameras</button>
    <span class="action-result" role="status" aria-live="polite"></span>
    <p class="sync-status" id="sync-status" role="status" aria-live="polite" hidden></p>
  </div>
  {{/ACTIONS}}
  {{/FOUND}}
</section>
