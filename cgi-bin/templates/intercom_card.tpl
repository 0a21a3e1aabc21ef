{{%AUTOESCAPE context="HTML"}}
<section class="card intercom-card" id="intercom-card" data-intercom-id="{{ID}}">
  <h1>{{NAME}}</h1>
  <nav class="tabs" aria-label="Intercom card"><a href="#general" id="general-tab" aria-current="page">General data</a></nav>
  <section id="general" class="tab-general" aria-labelledby="general-tab">
    <dl class="facts">
      <div><dt>Intercom ID</dt><dd id="intercom-id">{{ID}}</dd></div>
      <div><dt>Name</dt><dd id="intercom-name">{{NAME}}</dd></div>
      <div><dt>Address</dt><dd id="intercom-address">{{ADDRESS}}</dd></div>
      <div><dt>Department</dt><dd id="intercom-department">{{DEPARTMENT}}</dd></div>
      <div><dt>Creation date</dt><dd id="intercom-created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></dd></div>
    </dl>
    <h2>Apartments</h2>
    <table class="grid" id="apartments-table">
      <thead><tr><th scope="col">Apartment</th><th scope="col">User</th><th scope="col">Keys</th></tr></thead>
      <tbody>
      {{#APT}}
        <tr data-apartment-id="{{APARTMENT_ID}}">
          <td>{{NUMBER}}</td>
          <td>{{#USER}}<a href="/admin/users/{{USER_ID}}" data-user-id="{{USER_ID}}">{{USERNAME}}</a> <span class="login">{{LOGIN}}</span>{{#DELETED}} <span class="badge badge-deleted">deleted</span>{{/DELETED}}{{/USER}}{{#NOBODY}}<span class="empty">nobody linked</span>{{/NOBODY}}</td>
          <td class="keys">{{#KEYS_ITEM}}<code class="key">{{VALUE}}</code> {{/KEYS_ITEM}}</td>
        </tr>
      {{/APT}}
      {{#NO_APARTMENTS}}<tr><td colspan="3" class="empty">This intercom has no apartments.</td></tr>{{/NO_APARTMENTS}}
      </tbody>
    </table>
    {{#SCOPED}}<p class="note" id="scope-note">Only residents with a camera you administer are shown.</p>{{/SCOPED}}
    {{#TRUNCATED}}<p class="note">Only the first {{MAX}} rows are shown.</p>{{/TRUNCATED}}
  </section>
</section>
