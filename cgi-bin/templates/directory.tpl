{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Users</h1>
  <form method="get" action="{{ACTION}}" class="search" role="search">
    <input type="search" name="q" value="{{Q}}" maxlength="255" placeholder="User ID, login, name or billing account" aria-label="Search users">
    <label>Status
      <select name="status">
        <option value="">Any</option>
        {{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
        {{/STATUS_OPTION}}
      </select>
    </label>
    <label>Kind
      <select name="kind">
        <option value="">Any</option>
        {{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
        {{/KIND_OPTION}}
      </select>
    </label>
    {{>LIMIT}}
    <button type="submit">Search</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <p class="count" id="users-count" role="status">{{TOTAL}} {{#ONE}}user matches{{/ONE}}{{#MANY}}users match{{/MANY}}</p>
  <table class="grid" id="users-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-user-id="{{ID}}">
        <td><a href="/admin/users/{{ID}}">{{ID}}</a></td>
        <td><a href="/admin/users/{{ID}}">{{USERNAME}}</a>{{#DELETED}} <span class="badge badge-deleted">deleted</span>{{/DELETED}}</td>
        <td>{{LOGIN}}</td>
        <td>{{BILLING_ID}}</td>
        <td>{{ORIGIN}}</td>
        <td><span class="badge badge-{{STATUS}}">{{STATUS}}</span></td>
        <td><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="7" class="empty">No users match.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
